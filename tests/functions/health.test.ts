/** The repo's health function on the whole local stack: open to monitors, reports the runtime and database. */
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('health function', () => {
  it('answers through supabase.functions.invoke with ok, the Deno version, the Supabase variables and a reachable database', async () => {
    const { data, error } = await stack.client(stack.anonKey).functions.invoke('health', { method: 'GET' });
    expect(error).toBeNull();
    expect(data).toMatchObject({
      ok: true,
      function: 'health',
      deno: expect.stringMatching(/^2\./),
      env: { SUPABASE_URL: true, SUPABASE_ANON_KEY: true, SUPABASE_SERVICE_ROLE_KEY: true, SUPABASE_DB_URL: true },
      database: 'reachable',
    });
    expect(Date.parse(data.time)).not.toBeNaN();
  });

  it('needs no key, as config.toml turns verify_jwt off for it', async () => {
    const response = await fetch(`${stack.url}/functions/v1/health`);
    expect(response.status).toBe(200);
    expect((await response.json()) as Record<string, unknown>).toMatchObject({ ok: true, function: 'health' });
  });

  it('names a function that does not exist and where its file belongs', async () => {
    const { error } = await stack.client(stack.anonKey).functions.invoke('no-such-function');
    const response = (error as { context: Response }).context;
    expect(response.status).toBe(404);
    expect(((await response.json()) as Record<string, unknown>).message).toContain('supabase/functions/no-such-function/index.ts');
  });
});
