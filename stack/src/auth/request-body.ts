/** Reads the small JSON bodies auth-js sends; an empty body is {}, anything else GoTrue's 400. */
import type http from 'node:http';
import { badRequest, GoTrueError } from './auth-error.ts';

const LIMIT_BYTES = 256 * 1024;

export async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMIT_BYTES) throw new GoTrueError(413, 'request_too_large', 'The JSON body is over 256 KB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest('bad_json', `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest('bad_json', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** An optional object field (user_metadata, data); 400 when it is something else. */
export function optionalObject(body: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('validation_failed', `${field} must be a JSON object`);
  return value as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest('validation_failed', `${field} must be a string`);
  return value;
}
