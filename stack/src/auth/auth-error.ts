/**
 * Errors of the local Auth server, answered as GoTrue answers them so auth-js raises the same
 * AuthApiError (status + code): `{code, message}` with the X-Supabase-Api-Version header echoed for
 * clients that send it (auth-js does), the older `{code: status, error_code, msg}` otherwise.
 */
import type http from 'node:http';
import { sendJson } from '../gateway/server.ts';

const API_VERSION_HEADER = 'x-supabase-api-version';
const API_VERSION_2024 = '2024-01-01';

export class GoTrueError extends Error {
  override readonly name = 'GoTrueError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields GoTrue adds to some errors (weak_password.reasons). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new GoTrueError(400, code, message);
export const unprocessable = (code: string, message: string) => new GoTrueError(422, code, message);
export const forbidden = (code: string, message: string) => new GoTrueError(403, code, message);
export const notFound = (code: string, message: string) => new GoTrueError(404, code, message);

export function sendGoTrueError(req: http.IncomingMessage, res: http.ServerResponse, error: GoTrueError): void {
  const version = String(req.headers[API_VERSION_HEADER] ?? '');
  res.setHeader('x-sb-error-code', error.code);
  if (version >= API_VERSION_2024 && /^\d{4}-\d{2}-\d{2}$/.test(version)) {
    res.setHeader('X-Supabase-Api-Version', API_VERSION_2024);
    sendJson(res, error.status, { code: error.code, message: error.message, ...error.extra });
    return;
  }
  sendJson(res, error.status, { code: error.status, error_code: error.code, msg: error.message, ...error.extra });
}
