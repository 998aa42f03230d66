/**
 * Applies supabase/migrations to a database the way the Supabase CLI does: in version order, each
 * in its own transaction, recorded in supabase_migrations.schema_migrations, so `supabase db push`
 * agrees on what is applied. A plain Postgres first gets the Supabase-like bootstrap (guarded).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';
import { StackError } from './errors.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const migrationsDir = path.join(repoRoot, 'supabase/migrations');
export const seedFile = path.join(repoRoot, 'supabase/seed.sql');
const bootstrapFile = path.join(repoRoot, 'stack/sql/bootstrap.sql');

export interface Migration {
  version: string;
  name: string;
  file: string;
}

export interface MigrateResult {
  applied: string[];
  latest: string | undefined;
  seeded: boolean;
}

/** Lists migration files named `<version>_<name>.sql`, sorted by version. */
export async function listMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!match?.[1] || !match[2]) throw new StackError(`Migration file ${file} is not named <version>_<name>.sql; rename it.`);
    return { version: match[1], name: match[2], file: path.join(dir, file) };
  });
}

const historyDdl = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
  alter table supabase_migrations.schema_migrations add column if not exists statements text[];
  alter table supabase_migrations.schema_migrations add column if not exists name text;
  create table if not exists supabase_migrations.seed_files (path text not null primary key, hash text not null);
`;

/** Brings the database up to date. Safe to run concurrently: a session advisory lock serialises runs. */
export async function migrate(sql: Sql, options: { dir?: string; seed?: boolean } = {}): Promise<MigrateResult> {
  const migrations = await listMigrations(options.dir);
  const reserved = await sql.reserve();
  try {
    await reserved`select pg_advisory_lock(hashtext('supabase_migrations'))`;
    await reserved.unsafe(await fs.readFile(bootstrapFile, 'utf8'));
    await reserved.unsafe(historyDdl);
    const done = new Set(
      (await reserved<{ version: string }[]>`select version from supabase_migrations.schema_migrations`).map((r) => r.version),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      const body = await fs.readFile(migration.file, 'utf8');
      await reserved`begin`;
      try {
        await reserved.unsafe(body);
        await reserved`insert into supabase_migrations.schema_migrations (version, name, statements)
                       values (${migration.version}, ${migration.name}, ${[body]})`;
        await reserved`commit`;
      } catch (error) {
        await reserved`rollback`;
        throw new StackError(
          `Migration ${path.basename(migration.file)} failed: ${(error as Error).message}; fix the file and run \`tagwright migrate\` again.`,
          {
            cause: error,
          },
        );
      }
      applied.push(migration.version);
    }
    const seeded = options.seed ? await applySeed(reserved) : false;
    return { applied, latest: migrations.at(-1)?.version, seeded };
  } finally {
    await reserved`select pg_advisory_unlock(hashtext('supabase_migrations'))`.catch(() => undefined);
    reserved.release();
  }
}

/** Runs supabase/seed.sql once per database (recorded by hash in seed_files, like the CLI). */
async function applySeed(sql: Sql): Promise<boolean> {
  const body = await fs.readFile(seedFile, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex');
  const [row] = await sql<{ hash: string }[]>`select hash from supabase_migrations.seed_files where path = 'supabase/seed.sql'`;
  if (row) return false;
  await sql`begin`;
  try {
    await sql.unsafe(body);
    await sql`insert into supabase_migrations.seed_files (path, hash) values ('supabase/seed.sql', ${hash})`;
    await sql`commit`;
  } catch (error) {
    await sql`rollback`;
    throw new StackError(`supabase/seed.sql failed: ${(error as Error).message}; fix it and run \`tagwright migrate\` again.`, {
      cause: error,
    });
  }
  return true;
}
