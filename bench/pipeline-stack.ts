/** The local stack for a benchmark (outside vitest): a private migrated Postgres, keys and Storage on free ports. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect, type Sql } from '../shared/src/db.ts';
import { freePort } from '../stack/src/ports.ts';
import { startStack } from '../stack/src/stack.ts';
import { buildTemplates, startTestPostgres } from '../stack/src/testing/test-postgres.ts';

export interface BenchStack {
  sql: Sql;
  databaseUrl: string;
  url: string;
  serviceRoleKey: string;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-bench-stack-'));
  await fs.chmod(root, 0o755);
  const db = await startTestPostgres((await buildTemplates(path.join(root, 'templates'))).migrated);
  const stack = await startStack({
    dataDir: path.join(root, 'stack'),
    databaseUrl: db.url,
    apiPort: await freePort(),
    realtime: false,
    onLog: () => {},
  });
  const sql = connect(db.url, { max: 4 });
  return {
    sql,
    databaseUrl: db.url,
    url: stack.env.SUPABASE_URL,
    serviceRoleKey: stack.env.SUPABASE_SERVICE_ROLE_KEY,
    async stop() {
      await sql.end();
      await stack.stop();
      await db.stop();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
