/**
 * `npm run test:chaos`: 200 label_run jobs on the fixture shop, run by 3 real worker processes while
 * workers are SIGKILLed 20 times at random moments (each replaced at once), Postgres is restarted
 * once and the socket of a live Realtime client (a viewer of the workspace, so RLS-checked) is cut
 * 5 times. At the end every job must have succeeded exactly once with nothing written twice, and
 * the live client must equal the database. Prints one JSON line last:
 * {"jobs","kills","pg_restarts","lost","duplicated",…}; exits 1 when anything is off.
 */
import { performance } from 'node:perf_hooks';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { expectations, startFixtureShop } from '../fixtures/shop/start-fixture-shop.ts';
import { startChaosStack } from './chaos-stack.ts';
import { LiveClient } from './live-client.ts';
import { verify } from './verify.ts';
import { WorkerFleet } from './worker-fleet.ts';

const JOBS = Number(process.env.CHAOS_JOBS ?? 200);
const WORKERS = 3;
const KILLS = Number(process.env.CHAOS_KILLS ?? 20);
const CUTS = 5;
const DEADLINE_MS = 20 * 60_000;

/** `count` distinct random points in [from, to), sorted: the moments (in finished jobs) to strike. */
function moments(count: number, from: number, to: number): number[] {
  return Array.from({ length: count }, () => from + Math.random() * (to - from)).sort((a, b) => a - b);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stackLog: string[] = [];
const started = performance.now();
const stack = await startChaosStack((line) => {
  stackLog.push(line);
  if (stackLog.length > 200) stackLog.shift();
});
const shop = await startFixtureShop();
const { sql } = stack;
let fleet: WorkerFleet | undefined;
let live: LiveClient | undefined;
let exitCode = 1;
try {
  const [ws] = await sql<{ id: string }[]>`insert into public.workspaces (name) values ('Chaos') returning id`;
  const workspaceId = ws?.id ?? '';
  const [template] = await sql<{ id: string }[]>`
    insert into public.templates (workspace_id, name, width_mm, height_mm) values (${workspaceId}, 'Chaos tag', 50, 30) returning id`;
  const pages = Object.values(expectations).filter((e) => e.price !== null);
  const products = Array.from({ length: JOBS }, (_, i) => {
    const page = pages[i % pages.length];
    return {
      workspace_id: workspaceId,
      sku: `CHAOS-${String(i + 1).padStart(3, '0')}`,
      name: page?.name ?? '',
      url: `${shop.url}${page?.path}`,
    };
  });
  await sql`insert into public.products ${sql(products)}`;

  // the live client is a viewer of the workspace, so its changes go through the RLS check as the dashboard's do
  const login = { email: 'chaos-viewer@tagwright.test', password: 'chaos-viewer-password' };
  const admin = createClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false },
    realtime: { transport: WebSocket as never }, // Node 20 has no WebSocket of its own
  });
  const created = await admin.auth.admin.createUser({ ...login, email_confirm: true });
  if (created.error || !created.data.user) throw new Error(`could not create the live client's user: ${created.error?.message}`);
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${created.data.user.id}, 'viewer')`;
  live = new LiveClient(stack.env.SUPABASE_URL, stack.env.SUPABASE_ANON_KEY, sql, workspaceId, login);
  await live.start();
  fleet = new WorkerFleet(WORKERS, {
    DATABASE_URL: stack.env.DATABASE_URL,
    SUPABASE_URL: stack.env.SUPABASE_URL,
    SUPABASE_ANON_KEY: stack.env.SUPABASE_ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: stack.env.SUPABASE_SERVICE_ROLE_KEY,
    CRAWL_ALLOW_HOSTS: shop.host,
    WORKER_CONCURRENCY: '2',
    PIPELINE_CONCURRENCY: '1',
    WORKER_LEASE_SECONDS: '4',
    WORKER_BACKOFF_BASE_MS: '200',
    WORKER_BACKOFF_CAP_MS: '2000',
    LOG_LEVEL: 'warn',
  });
  fleet.start();
  // one product per job; a job a kill interrupts counts an attempt, so allow more than the default 3
  const jobs = products.map((p) => ({
    workspace_id: workspaceId,
    kind: 'label_run',
    max_attempts: 10,
    params: sql.json({ skus: [p.sku], template_id: template?.id ?? '', outputs: ['png'] }),
  }));
  await sql`insert into public.jobs ${sql(jobs as never)}`;

  const kills = moments(KILLS, JOBS * 0.03, JOBS * 0.95);
  const cuts = moments(CUTS, JOBS * 0.05, JOBS * 0.9);
  const restartAt = JOBS * (0.3 + Math.random() * 0.4);
  let pgRestarts = 0;
  for (;;) {
    if (performance.now() - started > DEADLINE_MS) throw new Error(`not done within ${DEADLINE_MS / 60_000} minutes`);
    const [row] = await sql<{ done: number }[]>`
      select count(*)::int as done from public.jobs where workspace_id = ${workspaceId} and status in ('succeeded', 'failed', 'canceled')`.catch(
      () => [{ done: -1 }],
    );
    const done = row?.done ?? -1;
    if (done >= 0) {
      while (kills.length > 0 && (kills[0] ?? Infinity) <= done) {
        kills.shift();
        await fleet.killOne(sql);
      }
      while (cuts.length > 0 && (cuts[0] ?? Infinity) <= done) {
        cuts.shift();
        live.cut();
      }
      if (pgRestarts === 0 && done >= restartAt) {
        await stack.restartPostgres();
        pgRestarts++;
      }
      if (done >= JOBS) break;
    }
    await sleep(250);
  }
  // the live copy catches up with the last changes (and any snapshot after the last cut)
  let differences: string[] = [];
  for (let i = 0; i < 60; i++) {
    differences = await live.differences();
    if (differences.length === 0) break;
    await sleep(500);
  }
  const verdict = await verify(sql, workspaceId);
  const result = {
    jobs: verdict.jobs,
    kills: fleet.kills,
    pg_restarts: pgRestarts,
    lost: verdict.lost,
    duplicated: verdict.duplicated,
    crashes: fleet.crashes.length,
    socket_cuts: live.cuts,
    live_differences: differences.length,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  for (const line of [...verdict.details, ...differences.slice(0, 10)]) console.error(`chaos: ${line}`);
  for (const crash of fleet.crashes) console.error(`chaos: worker ${crash.id} crashed (exit ${crash.code}):\n${crash.output}`);
  const ok =
    result.lost === 0 &&
    result.duplicated === 0 &&
    result.kills === KILLS &&
    result.pg_restarts === 1 &&
    result.live_differences === 0 &&
    result.crashes === 0;
  exitCode = ok ? 0 : 1;
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(`chaos: ${(error as Error).stack ?? error}`);
  console.error(`chaos: last stack log lines:\n${stackLog.slice(-30).join('\n')}`);
} finally {
  await fleet?.stop();
  await live?.stop();
  await shop.stop();
  await stack.stop();
}
process.exit(exitCode);
