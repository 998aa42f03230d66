// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Membership } from '$lib/server/workspaces.ts';

declare global {
  namespace App {
    interface Locals {
      supabase: SupabaseClient;
      user: { id: string; email: string } | null;
      workspaces: Membership[];
      workspace: Membership | null;
    }
  }
}
