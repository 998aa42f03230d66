/** The migration runner: order, idempotence, rollback of a broken file, concurrency, and the Supabase CLI's view of it. */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listMigrations, migrate, repoRoot } from './migrate.ts';
import { type TestPostgres, testPostgres } from './testing/index.ts';

const run = promisify(execFile);
let db: TestPostgres;
beforeAll(async () => {
  db = await testPostgres({ empty: true });
});
afterAll(() => db?.stop());

describe('migrate', () => {
  test('applies every migration to an empty Postgres, then a second run is a no-op', async () => {
    const migrations = await listMigrations();
    const first = await migrate(db.sql);
    expect(first.applied).toEqual(migrations.map((m) => m.version));
    const history = await db.sql<{ version: string; name: string }[]>`
      select version, name from supabase_migrations.schema_migrations order by version`;
    expect(history.map((h) => `${h.version}_${h.name}`)).toEqual(migrations.map((m) => `${m.version}_${m.name}`));

    const second = await migrate(db.sql);
    expect(second.applied).toEqual([]);
    expect(second.latest).toBe(migrations.at(-1)?.version);
  });
});

describe('agreement with the Supabase CLI', () => {
  test('`supabase db push --dry-run` against our migrated database finds nothing to push', async () => {
    await migrate(db.sql);
    const cli = path.join(repoRoot, 'node_modules/.bin/supabase');
    const { stdout, stderr } = await run(cli, ['db', 'push', '--dry-run', '--db-url', `${db.url}?sslmode=disable`], {
      cwd: repoRoot,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    });
    expect(`${stdout}${stderr}`).toContain('Remote database is up to date');
  });

  test('a migration the database lacks is one `supabase db push` would apply', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-mig-'));
    try {
      await fs.cp(path.join(repoRoot, 'supabase'), path.join(dir, 'supabase'), { recursive: true });
      await fs.writeFile(path.join(dir, 'supabase/migrations/29991231000000_later.sql'), 'select 1;\n');
      const cli = path.join(repoRoot, 'node_modules/.bin/supabase');
      const { stdout, stderr } = await run(cli, ['db', 'push', '--dry-run', '--db-url', `${db.url}?sslmode=disable`], { cwd: dir });
      expect(`${stdout}${stderr}`).toContain('29991231000000_later.sql');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('failures', () => {
  test('a broken migration is rolled back, not recorded, and named in the error', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-mig-'));
    try {
      await fs.writeFile(path.join(dir, '29990101000000_broken.sql'), 'create table half_done (id int);\nselect nope from nowhere;\n');
      await expect(migrate(db.sql, { dir })).rejects.toThrow(/29990101000000_broken\.sql failed: relation "nowhere" does not exist/);
      const [table] = await db.sql`select to_regclass('public.half_done') as t`;
      expect(table?.t).toBeNull();
      const recorded = await db.sql`select 1 from supabase_migrations.schema_migrations where version = '29990101000000'`;
      expect(recorded).toHaveLength(0);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('a file not named <version>_<name>.sql is refused with the rule', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-mig-'));
    try {
      await fs.writeFile(path.join(dir, 'add_things.sql'), 'select 1;');
      await expect(migrate(db.sql, { dir })).rejects.toThrow('Migration file add_things.sql is not named <version>_<name>.sql');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('concurrent runs apply each migration once', async () => {
    const fresh = await testPostgres({ empty: true });
    try {
      const results = await Promise.all([migrate(fresh.sql), migrate(fresh.sql), migrate(fresh.sql)]);
      const applied = results.flatMap((r) => r.applied);
      expect(applied.sort()).toEqual((await listMigrations()).map((m) => m.version));
    } finally {
      await fresh.stop();
    }
  });
});
