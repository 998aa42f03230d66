/**
 * A new API key as the settings form sends it: a name (1–100 characters, what will use it) and an
 * optional rate limit in requests per minute (default 60). Mirrors the api_keys table's checks, so
 * a mistake is named by field instead of surfacing as a constraint error.
 */

export type ApiKeyInput = { name: string; rate_limit_per_minute: number };
export type ApiKeyInputCheck = { ok: true; input: ApiKeyInput } | { ok: false; field: keyof ApiKeyInput; message: string };

export const DEFAULT_RATE_LIMIT = 60;
const MAX_RATE_LIMIT = 100_000;

export function checkApiKeyInput(body: Record<string, unknown>): ApiKeyInputCheck {
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name.length < 1 || name.length > 100)
    return { ok: false, field: 'name', message: 'Give the key a name of 1 to 100 characters, e.g. what will use it.' };
  const raw = body.rate_limit_per_minute;
  const rate = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') ? DEFAULT_RATE_LIMIT : Number(raw);
  if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE_LIMIT)
    return {
      ok: false,
      field: 'rate_limit_per_minute',
      message: `The rate limit is requests per minute: a whole number from 1 to ${MAX_RATE_LIMIT}, or empty for ${DEFAULT_RATE_LIMIT}.`,
    };
  return { ok: true, input: { name, rate_limit_per_minute: rate } };
}
