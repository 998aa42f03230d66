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
