/**
 * The Realtime side of bench/realtime.ts, in its own process as in `tagwright stack start`: a
 * private Postgres (commits flushed, as in the local stack) and the Realtime server. Prints one
 * JSON line with where they are, then runs until stdin closes.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../shared/src/db.ts';
import { startGateway } from '../stack/src/gateway/server.ts';
import { loadOrCreateKeys } from '../stack/src/keys.ts';
import { freePort } from '../stack/src/ports.ts';
import { startRealtime } from '../stack/src/realtime/server.ts';
import { buildTemplates, startTestPostgres } from '../stack/src/testing/test-postgres.ts';

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-bench-rt-'));
await fs.chmod(root, 0o755);
// With asynchronous commit the WAL sender would wait for the WAL writer (200 ms).
const db = await startTestPostgres((await buildTemplates(root)).migrated, { synchronous_commit: 'on' });
const keys = await loadOrCreateKeys(root);
const gateway = await startGateway(await freePort());
const pool = connect(db.url, { max: 8 });
const realtime = await startRealtime({
  gateway,
  sql: pool,
  databaseUrl: db.url,
  jwtSecret: keys.jwtSecret,
  log: (m, e) => console.error(m, e ?? ''),
});
console.log(JSON.stringify({ url: gateway.url, databaseUrl: db.url, jwtSecret: keys.jwtSecret }));

process.stdin.resume();
process.stdin.on('end', async () => {
  await realtime.stop();
  await gateway.stop();
  await pool.end();
  await db.stop();
  await fs.rm(root, { recursive: true, force: true });
  process.exit(0);
});
