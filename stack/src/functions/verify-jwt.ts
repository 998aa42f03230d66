/**
 * The check `[functions.<name>] verify_jwt` asks for (Supabase's default: on): the request must carry
 * `Authorization: Bearer <a JWT of this stack>` (anon key, service-role key or a user's access token).
 * Refusals read like the Supabase CLI's: 401 with `{ msg }`. Preflight OPTIONS requests pass, as
 * there, so a browser can reach a function's own CORS handling.
 */
import type http from 'node:http';
import { AuthError, verifyToken } from '../jwt.ts';

/** Why the request is refused, or undefined when it may go on. */
export async function jwtRefusal(req: http.IncomingMessage, jwtSecret: string): Promise<string | undefined> {
  if (req.method === 'OPTIONS') return undefined;
  const header = req.headers.authorization;
  if (!header) return 'Error: Missing authorization header';
  const match = /^Bearer\s+(\S+)\s*$/.exec(header);
  if (!match?.[1]) return "Error: Auth header is not 'Bearer {token}'";
  try {
    await verifyToken(match[1], jwtSecret);
    return undefined;
  } catch (error) {
    if (error instanceof AuthError) return `Invalid JWT: ${error.message}`;
    throw error;
  }
}
