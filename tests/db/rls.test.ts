/** Row level security: per data table and role, who reads and writes which workspace's rows; membership; cross-workspace links. */
import { asAnon, asServiceRole, asUser, type Sql, type TransactionSql } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addMember,
  createUser,
  createWorkspace,
  DATA_TABLES,
  type DataTable,
  newRow,
  type Row,
  type Seeded,
  seedWorkspace,
  TOUCH_COLUMN,
} from './fixtures.ts';

type Actor = <T>(fn: (tx: TransactionSql) => Promise<T>) => Promise<T>;
type Person = 'ownerA' | 'editorA' | 'viewerA' | 'ownerB' | 'outsider';

let db: TestPostgres;
let sql: Sql;
let A: Seeded;
let B: Seeded;
const ids = {} as Record<Person, string>;
const as = {} as Record<Person | 'anon' | 'service', Actor>;

beforeAll(async () => {
  db = await testPostgres();
  sql = db.sql;
  for (const person of ['ownerA', 'editorA', 'viewerA', 'ownerB', 'outsider'] as const) {
    ids[person] = await createUser(sql, `${person}@rls.test`);
    as[person] = (fn) => asUser(sql, ids[person], fn);
  }
  as.anon = (fn) => asAnon(sql, fn);
  as.service = (fn) => asServiceRole(sql, fn);
  A = await seedWorkspace(sql, await createWorkspace(sql, 'Workspace A', ids.ownerA));
  B = await seedWorkspace(sql, await createWorkspace(sql, 'Workspace B', ids.ownerB));
  await addMember(sql, A.workspaceId, ids.editorA, 'editor');
  await addMember(sql, A.workspaceId, ids.viewerA, 'viewer');
});
afterAll(() => db?.stop());

const rlsError = (table: string) => ({ code: '42501', message: expect.stringContaining(`row-level security policy for table "${table}"`) });
const t = (tx: TransactionSql, table: string) => tx(`public.${table}`);
const insert = (actor: Actor, table: string, row: Row) =>
  actor((tx) => tx<{ id: string }[]>`insert into ${t(tx, table)} ${tx(row)} returning id`);
const workspacesSeen = (actor: Actor, table: string) =>
  actor(async (tx) => (await tx<{ ws: string }[]>`select distinct workspace_id as ws from ${t(tx, table)}`).map((r) => r.ws).sort());
/** Rows changed by an update and a delete of every row of `workspace` in `table`, as `actor`. */
const writeAll = (actor: Actor, table: DataTable, workspace: string) =>
  actor(async (tx) => {
    const updated = await tx`update ${t(tx, table)} set ${tx(TOUCH_COLUMN[table])} = 'changed' where workspace_id = ${workspace}`;
    const deleted = await tx`delete from ${t(tx, table)} where workspace_id = ${workspace}`;
    return { updated: updated.count, deleted: deleted.count };
  });

describe.each(DATA_TABLES)('%s', (table) => {
  const untouched = async (workspace: string) => {
    const [row] = await sql<{ rows: number; changed: number }[]>`
      select count(*)::int as rows, count(*) filter (where ${sql(TOUCH_COLUMN[table])} = 'changed')::int as changed
      from ${sql(`public.${table}`)} where workspace_id = ${workspace}`;
    expect(row?.rows).toBeGreaterThan(0);
    expect(row?.changed).toBe(0);
  };

  test.each(['ownerA', 'editorA', 'viewerA'] as const)('%s reads workspace A rows and none of B', async (person) => {
    expect(await workspacesSeen(as[person], table)).toEqual([A.workspaceId]);
  });

  test('editorA cannot insert into workspace B', async () => {
    await expect(insert(as.editorA, table, await newRow(sql, table, B))).rejects.toMatchObject(rlsError(table));
  });

  test('editorA updates and deletes no rows of workspace B', async () => {
    expect(await writeAll(as.editorA, table, B.workspaceId)).toEqual({ updated: 0, deleted: 0 });
    await untouched(B.workspaceId);
  });

  test.each(['anon', 'outsider'] as const)('%s sees nothing and cannot write', async (who) => {
    expect(await workspacesSeen(as[who], table)).toEqual([]);
    await expect(insert(as[who], table, await newRow(sql, table, A))).rejects.toMatchObject(rlsError(table));
    expect(await writeAll(as[who], table, A.workspaceId)).toEqual({ updated: 0, deleted: 0 });
    await untouched(A.workspaceId);
  });

  test('viewerA reads but cannot insert, update or delete', async () => {
    expect(await workspacesSeen(as.viewerA, table)).toEqual([A.workspaceId]);
    await expect(insert(as.viewerA, table, await newRow(sql, table, A))).rejects.toMatchObject(rlsError(table));
    expect(await writeAll(as.viewerA, table, A.workspaceId)).toEqual({ updated: 0, deleted: 0 });
    await untouched(A.workspaceId);
  });

  test.each(['ownerA', 'editorA'] as const)('%s inserts, updates and deletes rows of workspace A', async (person) => {
    const [inserted] = await insert(as[person], table, await newRow(sql, table, A));
    const id = inserted?.id;
    const stored = () => sql`select ${sql(TOUCH_COLUMN[table])} as value from ${sql(`public.${table}`)} where id = ${id ?? null}`;
    expect(await stored()).toHaveLength(1);
    const changed = await as[person](async (tx) => {
      const updated = await tx`update ${t(tx, table)} set ${tx(TOUCH_COLUMN[table])} = 'changed' where id = ${id ?? null}`;
      const deleted = await tx`delete from ${t(tx, table)} where id = ${id ?? null}`;
      return { updated: updated.count, deleted: deleted.count };
    });
    if (table === 'job_events') {
      // The event feed is append-only: no update or delete policy, for anyone.
      expect(changed).toEqual({ updated: 0, deleted: 0 });
      expect(await stored()).toEqual([{ value: 'job:created' }]);
    } else {
      expect(changed).toEqual({ updated: 1, deleted: 1 });
      expect(await stored()).toEqual([]);
    }
  });

  test('service role sees the rows of both workspaces', async () => {
    expect(await workspacesSeen(as.service, table)).toEqual([A.workspaceId, B.workspaceId].sort());
  });
});

describe('workspaces and members', () => {
  test('a user who creates a workspace becomes its owner', async () => {
    const user = await createUser(sql, 'founder@rls.test');
    await asUser(sql, user, (tx) => tx`insert into public.workspaces (name) values ('Founded')`);
    const rows = await asUser(
      sql,
      user,
      (tx) => tx`select w.name, w.created_by, m.role from public.workspaces w join public.workspace_members m on m.workspace_id = w.id`,
    );
    expect(rows).toEqual([{ name: 'Founded', created_by: user, role: 'owner' }]);
  });

  // Regression: INSERT ... RETURNING checks the select policy before the owner row exists.
  test('a user creating a workspace gets it back from the same insert (supabase-js insert().select())', async () => {
    const user = await createUser(sql, 'eager@rls.test');
    const rows = await asUser(sql, user, (tx) => tx`insert into public.workspaces (name) values ('Eager') returning name`);
    expect(rows).toEqual([{ name: 'Eager' }]);
  });

  test("a user cannot create a workspace in someone else's name", async () => {
    await expect(
      as.outsider((tx) => tx`insert into public.workspaces (name, created_by) values ('Fake', ${ids.ownerA})`),
    ).rejects.toMatchObject(rlsError('workspaces'));
  });

  test.each(['ownerA', 'editorA', 'viewerA'] as const)('%s sees workspace A and its members only', async (person) => {
    const seen = await as[person](
      (tx) => tx<{ ws: string; user: string }[]>`select workspace_id as ws, user_id as user from public.workspace_members`,
    );
    expect(seen.map((m) => m.user).sort()).toEqual([ids.ownerA, ids.editorA, ids.viewerA].sort());
    expect(new Set(seen.map((m) => m.ws))).toEqual(new Set([A.workspaceId]));
  });

  test.each(['editorA', 'viewerA', 'ownerB', 'outsider'] as const)('%s cannot add members to workspace A', async (person) => {
    const newcomer = await createUser(sql, `newcomer-${person}@rls.test`);
    const add = as[person](
      (tx) => tx`insert into public.workspace_members ${tx({ workspace_id: A.workspaceId, user_id: newcomer, role: 'viewer' })}`,
    );
    await expect(add).rejects.toMatchObject(rlsError('workspace_members'));
  });

  test('the owner adds a member, who then sees the workspace', async () => {
    const newcomer = await createUser(sql, 'invited@rls.test');
    await as.ownerA(
      (tx) => tx`insert into public.workspace_members ${tx({ workspace_id: A.workspaceId, user_id: newcomer, role: 'viewer' })}`,
    );
    const seen = await asUser(sql, newcomer, (tx) => tx`select id from public.workspaces`);
    expect(seen).toEqual([{ id: A.workspaceId }]);
  });

  test.each(['editorA', 'viewerA', 'ownerB'] as const)('%s cannot change roles in workspace A (not even their own)', async (person) => {
    const result = await as[person]((tx) => tx`update public.workspace_members set role = 'owner' where workspace_id = ${A.workspaceId}`);
    expect(result.count).toBe(0);
    const [viewer] = await sql`select role from public.workspace_members where user_id = ${ids.viewerA}`;
    expect(viewer).toEqual({ role: 'viewer' });
  });

  test('the owner changes a role', async () => {
    const promote = (role: string) =>
      as.ownerA(
        (tx) => tx`update public.workspace_members set role = ${role} where workspace_id = ${A.workspaceId} and user_id = ${ids.viewerA}`,
      );
    expect((await promote('editor')).count).toBe(1);
    expect(await sql`select role from public.workspace_members where user_id = ${ids.viewerA}`).toEqual([{ role: 'editor' }]);
    await promote('viewer');
  });

  test('the last owner can neither leave nor be demoted, so a workspace is never orphaned', async () => {
    const demote = as.ownerA(
      (tx) => tx`update public.workspace_members set role = 'editor' where workspace_id = ${A.workspaceId} and user_id = ${ids.ownerA}`,
    );
    await expect(demote).rejects.toThrow('A workspace needs at least one owner');
    const leave = as.ownerA(
      (tx) => tx`delete from public.workspace_members where workspace_id = ${A.workspaceId} and user_id = ${ids.ownerA}`,
    );
    await expect(leave).rejects.toThrow('A workspace needs at least one owner');
    expect(await sql`select role from public.workspace_members where user_id = ${ids.ownerA}`).toEqual([{ role: 'owner' }]);
  });

  test('only the owner renames workspace A', async () => {
    const rename = (actor: Actor, name: string) =>
      actor((tx) => tx`update public.workspaces set name = ${name} where id = ${A.workspaceId}`);
    expect((await rename(as.editorA, 'Hijacked')).count).toBe(0);
    expect((await rename(as.ownerB, 'Hijacked')).count).toBe(0);
    expect((await rename(as.ownerA, 'Workspace A1')).count).toBe(1);
    expect(await sql`select name from public.workspaces where id = ${A.workspaceId}`).toEqual([{ name: 'Workspace A1' }]);
  });
});

describe('cross-workspace links', () => {
  // Each row goes into workspace A but names a parent row of workspace B.
  const composite: [table: DataTable, column: string, parent: (s: Seeded) => string][] = [
    ['job_items', 'job_id', (s) => s.jobId],
    ['job_events', 'job_id', (s) => s.jobId],
    ['screenshots', 'job_item_id', (s) => s.jobItemId],
    ['ocr_results', 'screenshot_id', (s) => s.screenshotId],
    ['matches', 'job_item_id', (s) => s.jobItemId],
    ['labels', 'job_item_id', (s) => s.jobItemId],
  ];
  test.each(composite)('a %s row of workspace A cannot point at %s of workspace B', async (table, column, parent) => {
    const row = { ...(await newRow(sql, table, A)), [column]: parent(B) };
    await expect(insert(as.service, table, row)).rejects.toMatchObject({ code: '23503' });
    await expect(insert(as.editorA, table, row)).rejects.toMatchObject({ code: '23503' });
  });

  // Regression: these links once referenced only the parent's id, letting A's rows point at B's data.
  const single: [table: DataTable, column: string, parent: (s: Seeded) => string][] = [
    ['products', 'import_id', (s) => s.importId],
    ['job_items', 'product_id', (s) => s.productId],
    ['labels', 'product_id', (s) => s.productId],
    ['labels', 'template_id', (s) => s.templateId],
  ];
  test.each(single)('a %s row of workspace A cannot point at %s of workspace B', async (table, column, parent) => {
    const row = { ...(await newRow(sql, table, A)), [column]: parent(B) };
    await expect(insert(as.editorA, table, row)).rejects.toMatchObject({ code: '23503' });
  });
});
