/** The job kinds this worker runs; a worker claims only kinds it has a handler for. */
import type { JobHandler } from '../runtime/job-context.ts';
import { noopHandler } from './noop.ts';

export const defaultHandlers: JobHandler<never>[] = [noopHandler as JobHandler<never>];
