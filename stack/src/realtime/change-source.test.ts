/** ChangeSource against a real Postgres: row changes with type names and text values, TOAST, replica identity, order. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestPostgres, testPostgres } from '../testing/index.ts';
import { type RecordedSource, recordedSource } from './change-recorder.ts';

let db: TestPostgres;
let recorded: RecordedSource;
let workspace: string;

beforeAll(async () => {
  db = await testPostgres();
  const [row] = await db.sql<{ id: string }[]>`insert into workspaces (name) values ('W') returning id`;
  workspace = row?.id ?? '';
  await db.sql`create table public.scratch (id int primary key, name text, note text)`;
  await db.sql`alter table public.scratch replica identity full`;
  await db.sql`alter publication supabase_realtime add table public.scratch`;
  recorded = recordedSource(db.url);
  await recorded.source.start();
});

afterAll(async () => {
  await recorded?.source.stop();
  await db?.stop();
});

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('ChangeSource changes', () => {
  test('insert, update and delete on jobs arrive with type names and Postgres text values', async () => {
    const from = recorded.changes.length;
    const [job] = await db.sql<{ id: string; created_at: string }[]>`
      insert into jobs (workspace_id, params, priority, run_at)
      values (${workspace}, ${db.sql.json({ a: 1, b: [true, null] })}, 7, '2026-01-02 03:04:05.123456+00')
      returning id, created_at`;
    if (!job) throw new Error('no job');
    await db.sql`update jobs set progress = 42, cancel_requested = false where id = ${job.id}`;
    const newId = '11111111-2222-4333-8444-555555555555';
    await db.sql`update jobs set id = ${newId} where id = ${job.id}`;
    await db.sql`delete from jobs where id = ${newId}`;
    const [insert, update, keyUpdate, del] = await recorded.collect('jobs', 4, from);

    expect(insert).toMatchObject({ schema: 'public', table: 'jobs', type: 'INSERT', oldRecord: {}, unchangedToast: [] });
    const types = Object.fromEntries(insert?.columns.map((c) => [c.name, c.type]) ?? []);
    expect(types).toMatchObject({
      id: 'uuid',
      workspace_id: 'uuid',
      kind: 'text',
      status: 'job_status',
      progress: 'int2',
      params: 'jsonb',
      priority: 'int4',
      run_at: 'timestamptz',
      cancel_requested: 'bool',
      summary: 'jsonb',
    });
    expect(insert?.record).toMatchObject({
      id: job.id,
      workspace_id: workspace,
      status: 'queued',
      progress: '0',
      params: '{"a": 1, "b": [true, null]}',
      priority: '7',
      run_at: '2026-01-02 03:04:05.123456+00',
      cancel_requested: 'f',
      summary: null,
      created_at: job.created_at,
    });
    expect(insert?.commitTimestamp).toMatch(ISO_MS);
    expect(Math.abs(Date.parse(insert?.commitTimestamp ?? '') - Date.now())).toBeLessThan(60_000);

    expect(update).toMatchObject({ type: 'UPDATE', oldRecord: {}, unchangedToast: [] });
    expect(update?.record).toMatchObject({ id: job.id, progress: '42', priority: '7' });
    // Default replica identity: the old key only when the key changed, and on delete.
    expect(keyUpdate).toMatchObject({ type: 'UPDATE', oldRecord: { id: job.id }, record: { id: newId, progress: '42' } });
    expect(del).toMatchObject({ type: 'DELETE', record: {}, oldRecord: { id: newId }, unchangedToast: [] });
    expect(Object.keys(del?.oldRecord ?? {})).toEqual(['id']);
    expect(insert?.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]{8}$/);
  });

  test('more column types keep Postgres text: int8, numeric, arrays, bytea, timestamps with microseconds', async () => {
    await db.sql`create table public.typed (id int8 primary key, n numeric, ints int4[], raw bytea, at timestamp, d date, tags text[])`;
    await db.sql`alter publication supabase_realtime add table public.typed`;
    const from = recorded.changes.length;
    await db.sql`insert into typed values (9007199254740993, 1.10, '{1,2,3}', '\\x00ff', '2026-05-06 07:08:09.654321', '2026-05-06', '{"a b",c}')`;
    const [change] = await recorded.collect('typed', 1, from);
    expect(change?.columns).toEqual([
      { name: 'id', type: 'int8' },
      { name: 'n', type: 'numeric' },
      { name: 'ints', type: '_int4' },
      { name: 'raw', type: 'bytea' },
      { name: 'at', type: 'timestamp' },
      { name: 'd', type: 'date' },
      { name: 'tags', type: '_text' },
    ]);
    expect(change?.record).toEqual({
      id: '9007199254740993',
      n: '1.10',
      ints: '{1,2,3}',
      raw: '\\x00ff',
      at: '2026-05-06 07:08:09.654321',
      d: '2026-05-06',
      tags: '{"a b",c}',
    });
  });

  test('an update that leaves a large TOASTed value alone lists it in unchangedToast and leaves it out of record', async () => {
    const big = { blob: Array.from({ length: 4000 }, (_, i) => `v${i}-${(i * 7919) % 10007}`).join(',') }; // ~40 kB, poorly compressible
    big.blob += big.blob.split('').reverse().join('');
    const from = recorded.changes.length;
    const [job] = await db.sql<
      { id: string }[]
    >`insert into jobs (workspace_id, params) values (${workspace}, ${db.sql.json(big)}) returning id`;
    const [{ size } = { size: 0 }] = await db.sql<
      { size: number }[]
    >`select pg_column_size(params) as size from jobs where id = ${job?.id ?? ''}`;
    expect(size).toBeGreaterThan(2000); // stored out of line, not inline
    await db.sql`update jobs set progress = 5 where id = ${job?.id ?? ''}`;
    const [insert, update] = await recorded.collect('jobs', 2, from);
    expect(insert?.record.params).toBe(JSON.stringify(big).replace('":"', '": "'));
    expect(update?.type).toBe('UPDATE');
    expect(update?.unchangedToast).toEqual(['params']);
    expect(update?.record).not.toHaveProperty('params');
    expect(update?.record).toMatchObject({ id: job?.id, progress: '5' });
    expect(update?.columns.map((c) => c.name)).toContain('params');
  });

  test('REPLICA IDENTITY FULL gives the old row on update and delete', async () => {
    const from = recorded.changes.length;
    await db.sql`insert into scratch values (1, 'a', null)`;
    await db.sql`update scratch set name = 'b' where id = 1`;
    await db.sql`delete from scratch where id = 1`;
    const [, update, del] = await recorded.collect('scratch', 3, from);
    expect(update).toMatchObject({
      type: 'UPDATE',
      record: { id: '1', name: 'b', note: null },
      oldRecord: { id: '1', name: 'a', note: null },
    });
    expect(del).toMatchObject({ type: 'DELETE', record: {}, oldRecord: { id: '1', name: 'b', note: null } });
    // The old row carries the TOASTed value too, so an untouched one is known and sent.
    const big = Array.from({ length: 20_000 }, (_, i) => ((i * 7919) % 10007).toString(36)).join('');
    const more = recorded.changes.length;
    await db.sql`insert into scratch values (2, 'a', ${big})`;
    const [{ size } = { size: 0 }] = await db.sql<{ size: number }[]>`select pg_column_size(note) as size from scratch where id = 2`;
    expect(size).toBeGreaterThan(2000); // stored out of line
    await db.sql`update scratch set name = 'c' where id = 2`;
    const [, bigUpdate] = await recorded.collect('scratch', 2, more);
    expect(bigUpdate?.unchangedToast).toEqual([]);
    expect(bigUpdate?.record).toEqual({ id: '2', name: 'c', note: big });
  });

  test('a table added to the publication, or altered, while running streams without a restart', async () => {
    await db.sql`create table public.late (id int primary key, v text)`;
    const before = recorded.changes.length;
    await db.sql`insert into late values (0, 'before publication')`;
    await db.sql`alter publication supabase_realtime add table public.late`;
    await db.sql`insert into late values (1, 'x')`;
    const [first] = await recorded.collect('late', 1, before);
    expect(first?.record).toEqual({ id: '1', v: 'x' });
    await db.sql`alter table late add column extra uuid default '00000000-0000-0000-0000-000000000001'`;
    const from = recorded.changes.length;
    await db.sql`insert into late (id, v) values (2, 'y')`;
    const [second] = await recorded.collect('late', 1, from);
    expect(second?.columns).toEqual([
      { name: 'id', type: 'int4' },
      { name: 'v', type: 'text' },
      { name: 'extra', type: 'uuid' },
    ]);
    expect(second?.record).toEqual({ id: '2', v: 'y', extra: '00000000-0000-0000-0000-000000000001' });
    await db.sql`alter publication supabase_realtime drop table public.late`;
    await db.sql`insert into late (id, v) values (3, 'not published')`;
    await db.sql`insert into scratch values (99, 'marker', null)`;
    await recorded.collect('scratch', 1, from);
    expect(recorded.changes.slice(from).filter((c) => c.table === 'late')).toHaveLength(1);
    expect(recorded.events).toEqual(['live']);
  });

  test('10,000 updates in separate transactions all arrive, in commit order', async () => {
    await db.sql`create table public.counter (id int primary key, n int not null)`;
    await db.sql`alter publication supabase_realtime add table public.counter`;
    await db.sql`insert into counter values (1, 0)`;
    const from = recorded.changes.length;
    const n = 10_000;
    await db.sql.unsafe(`do $$ begin for i in 1..${n} loop update counter set n = i where id = 1; commit; end loop; end $$`);
    const got = await recorded.collect('counter', n + 1, from, 60_000);
    const sequence = got.slice(1).map((c) => Number(c.record.n));
    expect(sequence).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const lsns = got.map((c) => BigInt(`0x${c.lsn.replace('/', '')}`));
    expect(lsns.every((lsn, i) => i === 0 || lsn > (lsns[i - 1] as bigint))).toBe(true);
  }, 90_000);
});
