/** The migrated schema's shape: tables, RLS on every table, indexes, Realtime publication, comments, updated_at. */
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser, createWorkspace, DATA_TABLES, seedWorkspace } from './fixtures.ts';

/** Tables the shared fixtures seed a row into. */
const SEEDED_TABLES = ['workspaces', 'workspace_members', ...DATA_TABLES];
/** Keys and webhooks: written through their own functions and triggers (tests/db/api-keys-webhooks.test.ts). */
const API_TABLES = ['api_keys', 'webhooks', 'webhook_deliveries', 'webhook_attempts'];
/** Infrastructure: worker presence (no API role reads it). */
const INFRA_TABLES = ['workers'];
const EXPECTED_TABLES = [...SEEDED_TABLES, ...API_TABLES, ...INFRA_TABLES];
/** Append-only logs: rows are never updated, so they have no updated_at. */
const APPEND_ONLY = ['job_events', 'webhook_attempts'];
const REALTIME_TABLES = [
  'imports',
  'jobs',
  'job_items',
  'job_events',
  'screenshots',
  'ocr_results',
  'matches',
  'labels',
  'webhook_deliveries',
];
const INDEXES: [index: string, table: string][] = [
  ['workspace_members_user_idx', 'workspace_members'],
  ['imports_workspace_created_idx', 'imports'],
  ['products_workspace_updated_idx', 'products'],
  ['products_import_idx', 'products'],
  ['products_gtin_idx', 'products'],
  ['jobs_claim_idx', 'jobs'],
  ['jobs_lease_idx', 'jobs'],
  ['jobs_workspace_created_idx', 'jobs'],
  ['jobs_workspace_status_idx', 'jobs'],
  ['job_items_job_status_idx', 'job_items'],
  ['job_events_job_idx', 'job_events'],
  ['job_events_workspace_idx', 'job_events'],
  ['screenshots_job_idx', 'screenshots'],
  ['ocr_results_job_idx', 'ocr_results'],
  ['matches_job_verdict_idx', 'matches'],
  ['labels_workspace_created_idx', 'labels'],
  ['labels_job_idx', 'labels'],
  ['api_keys_workspace_idx', 'api_keys'],
  ['webhooks_workspace_idx', 'webhooks'],
  ['webhook_deliveries_workspace_idx', 'webhook_deliveries'],
  ['webhook_deliveries_due_idx', 'webhook_deliveries'],
  ['workers_seen_idx', 'workers'],
];

let db: TestPostgres;
let tables: { name: string; rls: boolean; comment: string | null }[];
beforeAll(async () => {
  db = await testPostgres();
  tables = await db.sql`
    select c.relname as name, c.relrowsecurity as rls, obj_description(c.oid, 'pg_class') as comment
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`;
});
afterAll(() => db?.stop());

describe('tables', () => {
  test('every expected table exists in schema public', () => {
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  test('every table in public has row level security enabled', () => {
    expect(tables.length).toBeGreaterThanOrEqual(EXPECTED_TABLES.length);
    expect(tables.filter((t) => !t.rls).map((t) => t.name)).toEqual([]);
  });

  test('every policy applies to signed-in users only, so anon is denied everything', async () => {
    const policies = await db.sql<{ table: string; policy: string; roles: string[] }[]>`
      select tablename as table, policyname as policy, roles::text[] as roles from pg_policies where schemaname = 'public'`;
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.filter((p) => p.roles.join() !== 'authenticated')).toEqual([]);
  });

  test('no API role may TRUNCATE a table in public (TRUNCATE skips row level security)', async () => {
    const grants = await db.sql<{ table: string; role: string }[]>`
      select c.relname as table, r.rolname as role from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      cross join pg_roles r
      where c.relkind in ('r', 'p') and r.rolname in ('anon', 'authenticated') and has_table_privilege(r.oid, c.oid, 'TRUNCATE')`;
    expect(grants).toEqual([]);
  });

  test('every table in public has a comment', () => {
    expect(tables.filter((t) => !t.comment?.trim()).map((t) => t.name)).toEqual([]);
  });

  test('every jsonb column in public has a comment describing its shape', async () => {
    const undocumented = await db.sql<{ column: string }[]>`
      select c.table_name || '.' || c.column_name as column
      from information_schema.columns c
      join pg_class t on t.relname = c.table_name and t.relnamespace = 'public'::regnamespace
      where c.table_schema = 'public' and c.data_type = 'jsonb'
        and coalesce(col_description(t.oid, c.ordinal_position::int), '') = ''`;
    expect(undocumented.map((u) => u.column)).toEqual([]);
  });
});

describe('indexes', () => {
  test.each(INDEXES)('index %s exists on %s', async (index, table) => {
    const rows = await db.sql`select 1 from pg_indexes where schemaname = 'public' and indexname = ${index} and tablename = ${table}`;
    expect(rows).toHaveLength(1);
  });

  test('the claim and lease indexes cover only queued and running jobs', async () => {
    const rows = await db.sql<{ name: string; def: string }[]>`
      select indexname as name, indexdef as def from pg_indexes where indexname in ('jobs_claim_idx', 'jobs_lease_idx') order by 1`;
    expect(rows.map((r) => [r.name, /WHERE \(status = '(\w+)'/.exec(r.def)?.[1]])).toEqual([
      ['jobs_claim_idx', 'queued'],
      ['jobs_lease_idx', 'running'],
    ]);
  });
});

describe('realtime', () => {
  test('publication supabase_realtime streams exactly the event tables', async () => {
    const rows = await db.sql<{ schema: string; table: string }[]>`
      select schemaname as schema, tablename as table from pg_publication_tables where pubname = 'supabase_realtime'`;
    expect(rows.map((r) => `${r.schema}.${r.table}`).sort()).toEqual(REALTIME_TABLES.map((t) => `public.${t}`).sort());
  });

  test('it publishes inserts, updates and deletes', async () => {
    const [pub] = await db.sql`select pubinsert, pubupdate, pubdelete from pg_publication where pubname = 'supabase_realtime'`;
    expect(pub).toEqual({ pubinsert: true, pubupdate: true, pubdelete: true });
  });
});

describe('updated_at', () => {
  let withUpdatedAt: string[];
  beforeAll(async () => {
    const owner = await createUser(db.sql, 'owner@schema.test');
    await seedWorkspace(db.sql, await createWorkspace(db.sql, 'Schema', owner));
    withUpdatedAt = (
      await db.sql<{ table: string }[]>`
        select table_name as table from information_schema.columns
        where table_schema = 'public' and column_name = 'updated_at' order by 1`
    ).map((r) => r.table);
  });

  test('every table except the append-only logs has updated_at', () => {
    expect(withUpdatedAt).toEqual(EXPECTED_TABLES.filter((t) => !APPEND_ONLY.includes(t)).sort());
  });

  test.each(SEEDED_TABLES.filter((t) => !APPEND_ONLY.includes(t)))('an update of %s sets updated_at to now', async (table) => {
    // The trigger overrides whatever the writer sends, so a stale value cannot stick.
    const rows = await db.sql<{ fresh: boolean }[]>`
      update ${db.sql(`public.${table}`)} set updated_at = '2000-01-01T00:00:00Z' returning updated_at >= now() as fresh`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.fresh)).toBe(true);
  });

  test('a writer that started first but waited for the row lock still stamps a later updated_at', async () => {
    const [row] = await db.sql<{ id: string }[]>`select id from public.products limit 1`;
    const id = row?.id ?? '';
    const early = db.sql.reserve();
    const late = db.sql.reserve();
    const [a, b] = await Promise.all([early, late]);
    try {
      await a`begin`;
      await a`select now()`; // this transaction's now() is fixed here, before the other one's
      await b`begin`;
      await b`update public.products set name = 'second writer' where id = ${id}`;
      const waiting = a`update public.products set name = 'first writer' where id = ${id} returning updated_at`;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [bRow] = await b`select updated_at from public.products where id = ${id}`;
      await b`commit`;
      const [aRow] = await waiting;
      await a`commit`;
      const [later] = await db.sql`select ${aRow?.updated_at}::timestamptz > ${bRow?.updated_at}::timestamptz as later`;
      expect(later?.later).toBe(true);
    } finally {
      a.release();
      b.release();
    }
  });

  test('an ordinary edit moves updated_at forward and leaves created_at alone', async () => {
    const [before] = await db.sql<{ id: string; created_at: string; updated_at: string }[]>`
      select id, created_at, updated_at from public.products limit 1`;
    if (!before) throw new Error('no product seeded');
    const [after] = await db.sql<{ later: boolean; same_created: boolean }[]>`
      update public.products set name = 'Oat milk 1 l (new)' where id = ${before.id}
      returning updated_at > ${before.updated_at}::timestamptz as later, created_at = ${before.created_at}::timestamptz as same_created`;
    expect(after).toEqual({ later: true, same_created: true });
  });
});
