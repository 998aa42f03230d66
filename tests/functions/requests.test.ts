/**
 * What a function receives and sends back through supabase-js: method, path after the name, query,
 * headers, JSON and binary bodies intact; streamed answers arrive in pieces; a client that leaves
 * cancels the function's stream; the variables hosted Supabase gives; parallel requests.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { echoFunction, envFunction, slowFunction, streamFunction } from './fixtures.ts';
import { type FunctionsStack, processExists, startFunctionsStack } from './functions-stack.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let stack: FunctionsStack;
beforeAll(async () => {
  process.env.TAGWRIGHT_HOST_ONLY = 'the stack process has it, functions must not';
  stack = await startFunctionsStack(
    { echo: echoFunction, env: envFunction, stream: streamFunction, slow: slowFunction },
    {
      envFile: '# secrets for functions\nFROM_DOTENV=from the .env file\nQUOTED="two words # not a comment"\nSUPABASE_URL=http://ignored\n',
    },
  );
});
afterAll(async () => {
  await stack?.stop();
  delete process.env.TAGWRIGHT_HOST_ONLY;
});

describe('requests reach the function intact', () => {
  it('method, path after the name, query, headers and a JSON body', async () => {
    const { data, error } = await stack.client(stack.keys.anonKey).functions.invoke('echo/jobs/123?label=shelf&n=2', {
      method: 'PUT',
      headers: { 'x-trace-id': 'abc-123' },
      body: { sku: 'A-1', price: 9.99, tags: ['ü', '€'] },
    });
    expect(error).toBeNull();
    expect(data).toMatchObject({
      method: 'PUT',
      path: '/echo/jobs/123',
      query: { label: 'shelf', n: '2' },
      headers: { 'x-trace-id': 'abc-123', 'content-type': 'application/json', authorization: `Bearer ${stack.keys.anonKey}` },
    });
    expect(JSON.parse(data.body)).toEqual({ sku: 'A-1', price: 9.99, tags: ['ü', '€'] });
  });

  it('a binary body goes in and comes back byte for byte', async () => {
    const bytes = new Uint8Array(randomBytes(300_000));
    const { data, error, response } = await stack.client(stack.keys.anonKey).functions.invoke('echo/bytes', {
      body: new Blob([bytes], { type: 'application/octet-stream' }),
    });
    expect(error).toBeNull();
    expect(response?.headers.get('x-received-type')).toBe('application/octet-stream');
    const returned = new Uint8Array(await (data as Blob).arrayBuffer());
    expect(returned.length).toBe(bytes.length);
    expect(sha256(returned)).toBe(sha256(bytes));
  });

  it('GET and DELETE arrive with their method and no body', async () => {
    const client = stack.client(stack.keys.anonKey);
    for (const method of ['GET', 'DELETE'] as const) {
      const { data } = await client.functions.invoke('echo', { method });
      expect(data).toMatchObject({ method, path: '/echo', body: '' });
    }
  });
});

describe('streamed answers', () => {
  it('server-sent events reach the client as they are produced, before the stream ends', async () => {
    const client = stack.client(stack.keys.anonKey);
    const { data, error } = await client.functions.invoke('stream', { method: 'GET' });
    expect(error).toBeNull();
    const reader = (data as Response).body?.getReader();
    if (!reader) throw new Error('no stream body');
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('data: first')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended after "${received}"`);
      received += decoder.decode(value, { stream: true });
    }
    // The function sends "last" only after this call: the first event came while the stream was open.
    expect(received).not.toContain('data: last');
    await client.functions.invoke('stream/release', { method: 'POST' });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      received += decoder.decode(chunk.value, { stream: true });
    expect(received).toBe('data: first\n\ndata: last\n\n');
  });

  it('a client that goes away cancels the function’s stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${stack.url}/functions/v1/stream/forever`, {
      headers: { authorization: `Bearer ${stack.keys.anonKey}` },
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await vi.waitFor(
      async () => {
        const { data } = await stack.client(stack.keys.anonKey).functions.invoke('stream/cancelled', { method: 'GET' });
        expect(data.cancelled).toBe(1);
      },
      { timeout: 5000, interval: 50 },
    );
  });
});

describe('environment', () => {
  it('a function sees SUPABASE_URL, the keys, SUPABASE_DB_URL and supabase/functions/.env, not the host’s variables', async () => {
    const { data, error } = await stack.client(stack.keys.anonKey).functions.invoke('env', { method: 'GET' });
    expect(error).toBeNull();
    expect(data.env).toEqual({
      SUPABASE_URL: stack.url,
      SUPABASE_ANON_KEY: stack.keys.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: stack.keys.serviceRoleKey,
      SUPABASE_DB_URL: stack.databaseUrl,
      FROM_DOTENV: 'from the .env file',
      QUOTED: 'two words # not a comment',
      TAGWRIGHT_HOST_ONLY: null,
    });
    expect(stack.logs.join('\n')).toContain('SUPABASE_URL is skipped');
  });
});

describe('concurrency', () => {
  it('many requests to one function run in parallel in one warm process', async () => {
    const client = stack.client(stack.keys.anonKey);
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.functions.invoke('slow', { method: 'GET' })));
    for (const answer of answers) expect(answer.error).toBeNull();
    const pids = new Set(answers.map((answer) => answer.data.pid));
    expect(pids.size).toBe(1);
    expect(Math.max(...answers.map((answer) => answer.data.mostAtOnce))).toBeGreaterThan(1);
  });

  it('two functions at once run in their own processes, and stopping the service ends both', async () => {
    const client = stack.client(stack.keys.anonKey);
    const [echo, env] = await Promise.all([
      client.functions.invoke('echo', { body: { n: 1 } }),
      client.functions.invoke('env', { method: 'GET' }),
    ]);
    expect(JSON.parse(echo.data.body)).toEqual({ n: 1 });
    expect(env.data.env.SUPABASE_URL).toBe(stack.url);
    expect(echo.data.pid).not.toBe(env.data.pid);
    await stack.stop();
    expect(processExists(echo.data.pid)).toBe(false);
    expect(processExists(env.data.pid)).toBe(false);
    stack = undefined as unknown as FunctionsStack;
  });
});
