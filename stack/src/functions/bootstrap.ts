/**
 * Runs inside Deno, one process per function (never in Node): imports the function's index.ts as
 * Supabase's edge runtime would and makes its `Deno.serve(...)` listen on a loopback port the OS
 * picks, whatever port or hostname the function asks for, so a function never needs to know it.
 * The port goes to stdout on a marker line for the stack; the process exits when the stack goes
 * away (its stdin closes), so no Deno process outlives the stack.
 */

type Handler = (request: unknown, info: unknown) => unknown;
interface ServeOptions {
  port?: number;
  hostname?: string;
  handler?: Handler;
  onListen?: (address: { port: number; hostname: string }) => void;
  [option: string]: unknown;
}
interface DenoApi {
  args: string[];
  serve(options: ServeOptions | Handler, handler?: Handler): unknown;
  stdin: { readable: AsyncIterable<Uint8Array> };
  exit(code: number): never;
}

/** Kept in step with function-process.ts, which reads it. */
const LISTENING_MARKER = '__tagwright_function_listening__';

const deno = (globalThis as unknown as { Deno: DenoApi }).Deno;
const entry = deno.args[0] ?? '';
if (entry === '') {
  console.error('bootstrap.ts needs the function entry file URL as its argument.');
  deno.exit(2);
}

// The stack holds our stdin open; when it ends (the stack stopped or crashed) this process ends.
(async () => {
  for await (const _chunk of deno.stdin.readable) {
    // Nothing is ever sent; reading only tells us when the pipe closes.
  }
  deno.exit(0);
})();

const serve = deno.serve.bind(deno);
let served = false;
deno.serve = (first: ServeOptions | Handler, second?: Handler) => {
  const options: ServeOptions = typeof first === 'function' ? {} : first;
  const handler = typeof first === 'function' ? first : (second ?? options.handler);
  if (!handler) throw new TypeError('Deno.serve needs a handler: Deno.serve((req) => new Response(...)).');
  served = true;
  return serve({
    ...options,
    handler,
    port: 0,
    hostname: '127.0.0.1',
    onListen: (address) => {
      console.log(`${LISTENING_MARKER} ${address.port}`);
      options.onListen?.(address);
    },
  });
};

try {
  const module = (await import(entry)) as { default?: { fetch?: Handler } };
  // `export default { fetch }` (the `deno serve` style) is served as well.
  const fetchHandler = module.default?.fetch;
  if (!served && typeof fetchHandler === 'function') deno.serve((request, info) => fetchHandler.call(module.default, request, info));
  if (!served) {
    console.error(`${entry} never called Deno.serve(handler); an edge function must serve its requests with Deno.serve.`);
    deno.exit(1);
  }
} catch (error) {
  const report = error instanceof Error && error.stack ? error.stack : String(error);
  // The bootstrap's own stack frames say nothing about the function.
  console.error(
    report
      .split('\n')
      .filter((line) => !line.includes(import.meta.url))
      .join('\n'),
  );
  deno.exit(1);
}

export {};
