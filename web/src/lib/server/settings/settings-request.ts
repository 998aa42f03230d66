/** What every settings endpoint needs first: a signed-in user with a current workspace, and a JSON body when it takes one. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { SettingsError } from './settings-error.ts';

export function requireWorkspace(locals: App.Locals): { userId: string; workspaceId: string } {
  if (!locals.user) error(401, 'Sign in first.');
  if (!locals.workspace) error(404, 'You are not in a workspace yet.');
  return { userId: locals.user.id, workspaceId: locals.workspace.id };
}

export async function jsonBody(event: RequestEvent): Promise<Record<string, unknown>> {
  try {
    const body = await event.request.json();
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new SettingsError(400, 'Send a JSON object.');
}
