/**
 * Edge functions used only by the tests, as source text written into a temp functions folder. Each
 * is written the hosted way (`Deno.serve(handler)`, no port) and reports what it saw as JSON.
 */

/** Everything about the request as the function sees it; `/bytes` echoes the body back as bytes. */
export const echoFunction = `
Deno.serve(async (req) => {
  const url = new URL(req.url);
  if (url.pathname.endsWith('/bytes')) {
    return new Response(req.body, { headers: { 'content-type': 'application/octet-stream', 'x-received-type': req.headers.get('content-type') ?? '' } });
  }
  return Response.json({
    method: req.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(req.headers),
    body: await req.text(),
    pid: Deno.pid,
  });
});
`;

/** The variables a function is given, and its pid. */
export const envFunction = `
Deno.serve(() => {
  const names = ['SUPABASE_URL', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_DB_URL', 'FROM_DOTENV', 'QUOTED', 'TAGWRIGHT_HOST_ONLY'];
  return Response.json({ env: Object.fromEntries(names.map((name) => [name, Deno.env.get(name) ?? null])), pid: Deno.pid });
});
`;

/**
 * Server-sent events: GET / sends "first", then "last" only once /release is called, so a client
 * that reads "first" before calling /release got the stream in pieces. GET /forever never ends;
 * /cancelled says how many of those streams were cancelled because the client went away.
 */
export const streamFunction = `
const encoder = new TextEncoder();
let release = () => {};
let cancelled = 0;
Deno.serve((req) => {
  const url = new URL(req.url);
  if (url.pathname.endsWith('/release')) { release(); return new Response('released'); }
  if (url.pathname.endsWith('/cancelled')) return Response.json({ cancelled });
  const headers = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
  if (url.pathname.endsWith('/forever')) {
    const body = new ReadableStream({
      async pull(controller) {
        controller.enqueue(encoder.encode('data: tick\\n\\n'));
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
      cancel() { cancelled++; },
    });
    return new Response(body, { headers });
  }
  const released = new Promise((resolve) => { release = resolve; });
  const body = new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode('data: first\\n\\n'));
      await released;
      controller.enqueue(encoder.encode('data: last\\n\\n'));
      controller.close();
    },
  });
  return new Response(body, { headers });
});
`;

/** Answers after a pause, with its pid, so parallel requests overlap inside one process. */
export const slowFunction = `
let active = 0;
let mostAtOnce = 0;
Deno.serve(async () => {
  active++;
  mostAtOnce = Math.max(mostAtOnce, active);
  await new Promise((resolve) => setTimeout(resolve, 150));
  active--;
  return Response.json({ pid: Deno.pid, mostAtOnce });
});
`;

export const syntaxErrorFunction = `
Deno.serve((req) => new Response('never'));
const broken = {;
`;

export const throwsAtImportFunction = `
const key = Deno.env.get('MISSING_API_KEY');
if (!key) throw new Error('MISSING_API_KEY is not set; add it to supabase/functions/.env');
Deno.serve(() => new Response(key));
`;

/** Keeps importing forever (a top-level await that never settles), so it never listens. */
export const hangsAtImportFunction = `
setInterval(() => {}, 1000);
await new Promise(() => {});
Deno.serve(() => new Response('never'));
`;

export const neverServesFunction = `
console.log('imported, but forgot Deno.serve');
`;

/** GET /exit ends the process mid-request; anything else answers with the pid. */
export const crashingFunction = `
Deno.serve((req) => {
  if (new URL(req.url).pathname.endsWith('/exit')) {
    console.error('crashing on purpose');
    Deno.exit(3);
  }
  return Response.json({ pid: Deno.pid });
});
`;

export const versionFunction = (version: string) => `
Deno.serve(() => Response.json({ version: '${version}', pid: Deno.pid }));
`;
