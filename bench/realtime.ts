/**
 * Realtime latency: commit → supabase-js callback, for 1, 100 and 500 subscribers (each its own
 * client and socket, signed in as a workspace member, so every change is RLS-checked), and the
 * change rate they sustain. The server runs in its own process (bench/realtime-server.ts), as in
 * the local stack. Prints one JSON line.
 */

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { connect } from '../shared/src/db.ts';

const sizes = (process.env.BENCH_SUBSCRIBERS ?? '1,100,500').split(',').map(Number);
const samples = Number(process.env.BENCH_SAMPLES ?? 200);
const burst = Number(process.env.BENCH_BURST ?? 1000);

// The server runs in its own process, as in the local stack; the clients all run here.
const server = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'realtime-server.ts')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [line] = (await once(readline.createInterface({ input: server.stdout }), 'line')) as [string];
const { url, databaseUrl, jwtSecret } = JSON.parse(line) as { url: string; databaseUrl: string; jwtSecret: string };
const db = { sql: connect(databaseUrl, { max: 2 }) };
const user = randomUUID();
await db.sql`insert into auth.users (id, email, aud, role) values (${user}, 'bench@rt.test', 'authenticated', 'authenticated')`;
const [ws] = await db.sql<{ id: string }[]>`insert into workspaces (name, created_by) values ('Bench', ${user}) returning id`;
const [job] = await db.sql<{ id: string }[]>`insert into jobs (workspace_id, kind) values (${ws?.id ?? ''}, 'noop') returning id`;
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({ role: 'authenticated', aud: 'authenticated', sub: user })
  .setProtectedHeader({ alg: 'HS256' })
  .setExpirationTime(now + 3600)
  .sign(new TextEncoder().encode(jwtSecret));

const runs: Record<string, unknown>[] = [];
for (const subscribers of sizes) {
  console.error(`realtime bench: ${subscribers} subscriber(s)…`);
  const debug = (m: string) => process.env.BENCH_DEBUG && console.error(m);
  const clients: SupabaseClient[] = [];
  let expected = 0;
  let received = 0;
  let waiter: (() => void) | undefined;
  const latencies: number[] = [];
  let committedAt = 0;
  for (let i = 0; i < subscribers; i++) {
    // The user's JWT as the key: every frame of the socket then carries it (realtime-js may otherwise
    // push the anon key as access_token right after joining, which would make the subscriber anon).
    const client = createClient(url, token, { auth: { persistSession: false }, realtime: { transport: WebSocket as never } });
    clients.push(client);
    await new Promise<void>((resolve, reject) =>
      client
        .channel(`bench-${i}`)
        .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'jobs', filter: `id=eq.${job?.id}` }, () => {
          if (committedAt) latencies.push(performance.now() - committedAt);
          received++;
          if (received >= expected) waiter?.();
        })
        .subscribe((status, error) => (status === 'SUBSCRIBED' ? resolve() : status === 'CHANNEL_ERROR' ? reject(error) : undefined)),
    );
  }
  const all = (n: number) =>
    new Promise<void>((resolve) => {
      expected = n;
      waiter = resolve;
      if (received >= expected) resolve();
    });
  received = 0;
  debug('subscribed');
  for (let i = 0; i < samples; i++) {
    debug(`sample ${i}`);
    const done = all(received + subscribers);
    await db.sql`update jobs set progress = ${i % 100} where id = ${job?.id ?? ''}`;
    committedAt = performance.now();
    await done;
    committedAt = 0;
  }
  received = 0;
  const started = performance.now();
  const done = all(burst * subscribers);
  for (let i = 0; i < burst; i++) await db.sql`update jobs set priority = ${i} where id = ${job?.id ?? ''}`;
  await done;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2));
  runs.push({ subscribers, rls: true, p50_ms: at(0.5), p99_ms: at(0.99), changes_per_s: Math.round(burst / seconds) });
  for (const client of clients) await client.removeAllChannels();
}
console.log(JSON.stringify({ bench: 'realtime', runs, samples, burst, cores: os.availableParallelism() }));
await db.sql.end();
server.stdin.end();
await once(server, 'exit');
process.exit(0);
