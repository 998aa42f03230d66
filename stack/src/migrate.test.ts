import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listMigrations, migrate } from './migrate.ts';
import { type TestPostgres, testPostgres } from './testing/index.ts';

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
