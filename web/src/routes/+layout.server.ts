import { supabaseConfig } from '$lib/server/supabase.ts';
import type { LayoutServerLoad } from './$types';

/** What every page gets: the user, their workspaces, and how the browser reaches Supabase (for Realtime). */
export const load: LayoutServerLoad = async ({ locals }) => ({
  user: locals.user,
  workspaces: locals.workspaces,
  workspace: locals.workspace,
  supabase: supabaseConfig(),
});
