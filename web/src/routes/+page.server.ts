import { checkHealth } from '$lib/server/health.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ health: await checkHealth() });
