/** ChangeSource's life cycle against a real Postgres: live at start, temporary slots, acknowledgements, restarts. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningPostgres, startPostgres } from '../postgres/cluster.ts';
import { type TestPostgres, testPostgres } from '../testing/index.ts';
import { type RecordedSource, recordedSource } from './change-recorder.ts';

let db: TestPostgres;
let recorded: RecordedSource;

beforeAll(async () => {
  db = await testPostgres();
  await db.sql`create table public.scratch (id int primary key, name text, note text)`;
  await db.sql`alter publication supabase_realtime add table public.scratch`;
  recorded = recordedSource(db.url, { reconnect: { minMs: 50, maxMs: 500 } });
  await recorded.source.start();
});

afterAll(async () => {
  await recorded?.source.stop();
  await db?.stop();
});

describe('ChangeSource life cycle', () => {
  test('every row committed after start() resolves is delivered, while rows are being written', async () => {
    let next = 10_000;
    let writing = true;
    const writer = (async () => {
      while (writing) await db.sql`insert into scratch values (${next++}, 'busy', null)`;
    })();
    try {
      for (let round = 0; round < 5; round++) {
        const other = recordedSource(db.url);
        await other.source.start();
        const first = next; // ids handed out from here on are inserted after start() resolved
        while (next < first + 20) await new Promise((r) => setTimeout(r, 1));
        const last = next - 2; // next - 1 may still be in flight
        const wanted = Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
        const missing = () => wanted.filter((id) => !other.changes.some((c) => c.record.id === id));
        for (const until = Date.now() + 5000; missing().length > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 5));
        await other.source.stop();
        expect(missing(), `round ${round}`).toEqual([]);
      }
    } finally {
      writing = false;
      await writer;
    }
  });

  test('acknowledges what it handed on, so the slot does not keep WAL', async () => {
    await db.sql`insert into scratch values (3000, 'ack', null)`;
    const [{ lsn } = { lsn: '' }] = await db.sql<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
    let confirmed = false;
    for (const until = Date.now() + 5000; !confirmed && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 100));
      const [row] = await db.sql<{ ok: boolean }[]>`
        select bool_and(confirmed_flush_lsn >= ${lsn}::pg_lsn) as ok from pg_replication_slots`;
      confirmed = row?.ok === true;
    }
    expect(confirmed).toBe(true);
  });

  test('a missing publication is a clear error at start', async () => {
    const other = recordedSource(db.url, { publication: 'no_such_publication' }).source;
    await expect(other.start()).rejects.toThrow('could not start: publication "no_such_publication" does not exist');
  });

  test('slots are temporary: none is left after stop(), and stale inactive ones are dropped at start', async () => {
    await db.sql`select pg_create_logical_replication_slot('tagwright_realtime_stale', 'pgoutput')`;
    const other = recordedSource(db.url).source;
    await other.start();
    const slots = await db.sql<{ slot_name: string; temporary: boolean }[]>`select slot_name, temporary from pg_replication_slots`;
    expect(slots.map((s) => s.slot_name)).not.toContain('tagwright_realtime_stale');
    expect(slots.length).toBe(2); // ours and the suite's source
    expect(slots.every((s) => s.temporary)).toBe(true);
    await other.stop();
    const [{ n } = { n: -1 }] = await db.sql<{ n: number }[]>`select count(*)::int as n from pg_replication_slots`;
    expect(n).toBe(1);
  });

  test('a Postgres restart emits restart, then live again, and later changes arrive', async () => {
    recorded.events.length = 0;
    let server: RunningPostgres | undefined;
    try {
      await db.server.stop();
      await new Promise((r) => setTimeout(r, 300));
      server = await startPostgres({
        dataDir: db.dataDir,
        port: db.port,
        settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
      });
      const until = Date.now() + 20_000;
      while (!recorded.events.includes('live') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(recorded.events).toEqual(['restart', 'live']);
      const from = recorded.changes.length;
      await db.sql`insert into scratch values (2000, 'after restart', null)`;
      const [change] = await recorded.collect('scratch', 1, from);
      expect(change?.record).toMatchObject({ id: '2000', name: 'after restart' });
    } finally {
      await recorded.source.stop();
      const [{ n } = { n: -1 }] = await db.sql<{ n: number }[]>`select count(*)::int as n from pg_replication_slots`;
      expect(n).toBe(0);
      await server?.stop();
    }
  });
});
