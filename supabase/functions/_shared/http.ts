/**
 * JSON answers for the functions: one error shape everywhere, `{ error: { code, message, issues? } }`,
 * where each issue names the field path it is about (`products[2].price`), and CORS headers so a
 * browser may call the functions with an API key.
 */

export interface Issue {
  path: string;
  message: string;
}

/** An answer the caller can act on: the status, a stable code, and words that say what to change. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A 400 about fields: the message lists every issue with its path. */
export function invalidRequest(issues: Issue[]): ApiError {
  const message = issues.map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ');
  return new ApiError(400, 'invalid_request', message, issues);
}

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-api-key, apikey, content-type, x-client-info, idempotency-key',
  'access-control-expose-headers': 'location, idempotent-replayed, retry-after',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-max-age': '86400',
};

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...CORS_HEADERS, 'cache-control': 'no-store', ...headers } });
}

export function errorResponse(error: ApiError): Response {
  const body = { error: { code: error.code, message: error.message, ...(error.issues.length > 0 ? { issues: error.issues } : {}) } };
  return json(body, error.status, error.headers);
}

/** `products[2].sku` from zod's ['products', 2, 'sku']. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? String(part) : `${text}.${String(part)}`;
  }, '');
}

/** The request body as JSON, or a 400 that says what is wrong with it. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().includes('application/json'))
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  const text = await request.text();
  if (new TextEncoder().encode(text).length > maxBytes)
    throw new ApiError(
      413,
      'payload_too_large',
      `The body is larger than ${Math.round(maxBytes / 1024)} KiB; send fewer products per request.`,
    );
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidRequest([{ path: '', message: `the body is not valid JSON (${(error as Error).message})` }]);
  }
}
