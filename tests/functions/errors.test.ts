/**
 * What a developer sees when a function is missing or broken: 404 naming the file to create, 503
 * BOOT_ERROR with Deno's first error lines (also in the log), 500 WORKER_ERROR when it dies while
 * answering — and the next request boots it again; an edited function answers with the new code.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  crashingFunction,
  hangsAtImportFunction,
  neverServesFunction,
  syntaxErrorFunction,
  throwsAtImportFunction,
  versionFunction,
} from './fixtures.ts';
import { errorBody, type FunctionsStack, processExists, startFunctionsStack } from './functions-stack.ts';

let stack: FunctionsStack;
beforeAll(async () => {
  stack = await startFunctionsStack(
    {
      'syntax-error': syntaxErrorFunction,
      'throws-at-import': throwsAtImportFunction,
      'never-serves': neverServesFunction,
      'hangs-at-import': hangsAtImportFunction,
      crashing: crashingFunction,
      edited: versionFunction('v1'),
    },
    // Well above a boot here (~0.1–0.3 s), short enough for the timeout test.
    { server: { bootTimeoutMs: 3000 } },
  );
});
afterAll(async () => {
  await stack?.stop();
});

describe('missing functions', () => {
  it('answers 404 naming the function and the file it should be in', async () => {
    const { error } = await stack.client(stack.keys.anonKey).functions.invoke('nope');
    const { status, body } = await errorBody(error);
    expect(status).toBe(404);
    expect(body.message).toContain('"nope"');
    expect(body.message).toContain(path.join(stack.functionsDir, 'nope', 'index.ts'));
  });

  it('answers 404 for names that are not function names', async () => {
    for (const name of ['..%2F..%2Fetc', '.hidden', '_shared']) {
      const response = await fetch(`${stack.url}/functions/v1/${name}`, { headers: { authorization: `Bearer ${stack.keys.anonKey}` } });
      expect(response.status).toBe(404);
    }
  });
});

describe('functions that fail to boot', () => {
  it('a syntax error answers 503 BOOT_ERROR with where the error is, and logs it', async () => {
    const { error } = await stack.client(stack.keys.anonKey).functions.invoke('syntax-error');
    const { status, body } = await errorBody(error);
    expect(status).toBe(503);
    expect(body.code).toBe('BOOT_ERROR');
    expect(body.error).toContain('syntax-error/index.ts');
    expect(stack.logs.some((line) => line.startsWith('functions/syntax-error:') && line.includes('index.ts'))).toBe(true);
  });

  it('an error thrown at import answers 503 with its message', async () => {
    const { error } = await stack.client(stack.keys.anonKey).functions.invoke('throws-at-import');
    const { status, body } = await errorBody(error);
    expect(status).toBe(503);
    expect(body.error).toContain('MISSING_API_KEY is not set');
  });

  it('a function that never calls Deno.serve is told so', async () => {
    const { error } = await stack.client(stack.keys.anonKey).functions.invoke('never-serves');
    const { status, body } = await errorBody(error);
    expect(status).toBe(503);
    expect(body.error).toContain('never called Deno.serve');
  });
});

describe('functions that never listen', () => {
  it('the first request waits for the boot only so long, then gets 503 and the process is stopped', async () => {
    const { error } = await stack.client(stack.keys.anonKey).functions.invoke('hangs-at-import');
    const { status, body } = await errorBody(error);
    expect(status).toBe(503);
    expect(body.message).toContain('did not start listening within 3 s');
    await vi.waitFor(() => expect(stack.logs.some((line) => /functions\/hangs-at-import: Deno process \d+ exited/.test(line))).toBe(true));
  });
});

describe('functions that die', () => {
  it('a process that exits while answering gives 500 WORKER_ERROR; the next request runs in a new process', async () => {
    const client = stack.client(stack.keys.anonKey);
    const before = await client.functions.invoke('crashing', { method: 'GET' });
    const { error } = await client.functions.invoke('crashing/exit', { method: 'GET' });
    const { status, body } = await errorBody(error);
    expect(status).toBe(500);
    expect(body.code).toBe('WORKER_ERROR');
    expect(body.error).toContain('crashing on purpose');
    const after = await client.functions.invoke('crashing', { method: 'GET' });
    expect(after.error).toBeNull();
    expect(after.data.pid).not.toBe(before.data.pid);
    expect(processExists(before.data.pid)).toBe(false);
  });
});

describe('edits', () => {
  it('an edited function answers with the new code, and its old process ends', async () => {
    const client = stack.client(stack.keys.anonKey);
    const first = await client.functions.invoke('edited', { method: 'GET' });
    expect(first.data.version).toBe('v1');
    await stack.writeFunction('edited', versionFunction('v2'));
    await vi.waitFor(
      async () => {
        const { data } = await client.functions.invoke('edited', { method: 'GET' });
        expect(data.version).toBe('v2');
      },
      { timeout: 5000, interval: 50 },
    );
    await vi.waitFor(() => expect(processExists(first.data.pid)).toBe(false), { timeout: 5000 });
  });
});
