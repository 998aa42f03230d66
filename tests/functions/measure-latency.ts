/**
 * By hand: `npx tsx tests/functions/measure-latency.ts [name]` — cold start (first request, Deno boot
 * included) and warm request latency (p50/p95 of sequential requests, and a parallel burst) of one
 * function of supabase/functions (default: health), served on its own gateway. Prints one JSON line.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '@tagwright/shared';
import { startFunctionsServer } from '../../stack/src/functions/server.ts';
import { startGateway } from '../../stack/src/gateway/server.ts';
import { loadOrCreateKeys } from '../../stack/src/keys.ts';
import { readProjectConfig } from '../../stack/src/project-config.ts';

const name = process.argv[2] ?? 'health';
const WARM_REQUESTS = 200;
const BURST = 50;

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-functions-latency-'));
const keys = await loadOrCreateKeys(dataDir);
const gateway = await startGateway(0);
// No database is started: the pool connects lazily and nothing here queries it.
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:54322/postgres';
const sql = connect(databaseUrl, { max: 1 });
const service = await startFunctionsServer(
  { gateway, sql, databaseUrl, keys, dataDir, config: readProjectConfig(), log: () => {} },
  { watch: false },
);
const url = `${gateway.url}/functions/v1/${name}`;
const headers = { authorization: `Bearer ${keys.anonKey}` };
const call = async () => {
  const started = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
};
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)] ?? Number.NaN;
const round = (ms: number) => Math.round(ms * 100) / 100;

try {
  const coldStartMs = await call();
  const warm: number[] = [];
  for (let i = 0; i < WARM_REQUESTS; i++) warm.push(await call());
  const burstStarted = performance.now();
  await Promise.all(Array.from({ length: BURST }, call));
  const burstMs = performance.now() - burstStarted;
  console.log(
    JSON.stringify({
      function: name,
      coldStartMs: round(coldStartMs),
      warmP50Ms: round(percentile(warm, 0.5)),
      warmP95Ms: round(percentile(warm, 0.95)),
      parallelBurst: { requests: BURST, totalMs: round(burstMs) },
    }),
  );
} finally {
  await service.stop();
  await gateway.stop();
  await sql.end({ timeout: 1 });
  await fs.rm(dataDir, { recursive: true, force: true });
}
