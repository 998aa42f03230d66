import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t?.stop());

test('the stack answers on its API port and refuses unknown paths with a JSON reason', async () => {
  expect(await (await fetch(`${t.url}/health`)).json()).toEqual({ ok: true });
  const missing = await fetch(`${t.url}/nope/v1/x`);
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as { message: string }).message).toContain('/nope/v1/x');
});

test('browsers on another origin may call Storage and Auth (CORS preflight); functions answer CORS themselves', async () => {
  for (const path of ['/storage/v1/object/labels/a.png', '/auth/v1/token?grant_type=password']) {
    const preflight = await fetch(`${t.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'apikey, authorization, x-upsert',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-upsert');
  }
  const fn = await fetch(`${t.url}/functions/v1/health`, { method: 'OPTIONS' });
  expect(fn.headers.get('access-control-allow-origin')).not.toBe('*');
});
