/** The job kinds this worker runs; a worker claims only kinds it has a handler for. */
import type { ProcessResources } from '../pipeline/process-resources.ts';
import type { JobHandler } from '../runtime/job-context.ts';
import { labelRunHandler } from './label-run.ts';
import { noopHandler } from './noop.ts';

/** Every kind; label_run starts its browser and OCR through `resources` on first use. */
export function allHandlers(resources: ProcessResources): JobHandler<never>[] {
  return [noopHandler as JobHandler<never>, labelRunHandler(() => resources.get()) as JobHandler<never>];
}
