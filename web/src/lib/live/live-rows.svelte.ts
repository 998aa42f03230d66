/**
 * Live rows for a page: subscribe to postgres_changes first, then fetch a snapshot from our own
 * API (SQL as the user), and merge both by id and updated_at — on the first subscribe and after
 * every reconnect, and again when the local stack says changes may have been missed — so nothing
 * is missed or shown twice. The connection state is visible (connecting / live / reconnecting
 * with backoff) so the page can say when it may be stale.
 */
import type { RealtimeChannel, RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import { isResyncNotice } from '@tagwright/shared/realtime';
import { deleteRow, emptyRows, mergeSnapshot, type RowSet, sortedRows, upsertRow, type Versioned } from './merge.ts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface LiveTable {
  table: string;
  /** A postgres_changes filter, e.g. `job_id=eq.<id>`. */
  filter?: string;
}

export interface LiveOptions {
  client: SupabaseClient;
  /** Channel topic; one per page subject, e.g. `job:<id>`. */
  topic: string;
  tables: LiveTable[];
  /** Rows per table as the database holds them now (fetched after the subscription is live). */
  snapshot: () => Promise<Record<string, Versioned[]>>;
  /** Called after each change is applied (e.g. to refresh counts). */
  onChange?: (table: string) => void;
}

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000];

export class LiveRows {
  state = $state<ConnectionState>('connecting');
  attempt = $state(0);
  error = $state<string | null>(null);
  /** Bumped on every applied change, so derived lists recompute. */
  version = $state(0);
  private sets = new Map<string, RowSet<Versioned>>();
  private channel: RealtimeChannel | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: LiveOptions) {
    for (const { table } of options.tables) this.sets.set(table, emptyRows());
    void this.connect();
  }

  /** The table's rows, newest first unless `compare` says otherwise. Reads `version`, so it is reactive. */
  rows<T extends Versioned>(table: string, compare?: (a: T, b: T) => number): T[] {
    void this.version;
    const set = this.sets.get(table) as RowSet<T> | undefined;
    return set ? sortedRows(set, compare) : [];
  }

  private apply(table: string, payload: RealtimePostgresChangesPayload<Record<string, unknown>>) {
    const set = this.sets.get(table);
    if (!set) return;
    if (payload.eventType === 'DELETE') deleteRow(set, (payload.old as unknown as Versioned).id, payload.commit_timestamp);
    else upsertRow(set, payload.new as unknown as Versioned);
    this.version++;
    this.options.onChange?.(table);
  }

  private async connect() {
    if (this.stopped) return;
    const { client, topic, tables } = this.options;
    this.state = this.attempt === 0 ? 'connecting' : 'reconnecting';
    // the join must carry the user's JWT, or RLS lets no change through: supabase-js reads the
    // session from the cookies asynchronously, so hand it to Realtime before joining
    const { data } = await client.auth.getSession();
    if (data.session) await client.realtime.setAuth(data.session.access_token);
    if (this.stopped) return;
    let channel = client.channel(`${topic}:${Date.now()}`);
    for (const { table, filter } of tables)
      channel = channel.on('postgres_changes', { event: '*', schema: 'public', table, ...(filter ? { filter } : {}) }, (payload) =>
        this.apply(table, payload),
      );
    // the local stack says when it may have missed changes for us (see @tagwright/shared/realtime)
    channel = channel.on('system', {}, (payload: unknown) => {
      if (isResyncNotice(payload) && this.channel === channel) void this.load(channel);
    });
    this.channel = channel;
    channel.subscribe(async (status, err) => {
      if (this.stopped || this.channel !== channel) return;
      if (status === 'SUBSCRIBED') await this.load(channel);
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT' || status === 'CLOSED') {
        this.retry(err?.message ?? `connection ${status.toLowerCase().replace('_', ' ')}`);
      }
    });
  }

  /** Fetches the snapshot and merges it (on subscribe, and when told changes may have been missed). */
  private async load(channel: RealtimeChannel) {
    try {
      const snapshot = await this.options.snapshot();
      if (this.stopped || this.channel !== channel) return;
      for (const [table, rows] of Object.entries(snapshot)) {
        const set = this.sets.get(table);
        if (set) mergeSnapshot(set, rows);
      }
      this.version++;
      this.state = 'live';
      this.attempt = 0;
      this.error = null;
    } catch (error) {
      if (this.channel === channel) this.retry(`Could not load the current state: ${(error as Error).message}`);
    }
  }

  private retry(reason: string) {
    if (this.stopped) return;
    this.error = reason;
    this.state = 'reconnecting';
    const channel = this.channel;
    this.channel = undefined;
    if (channel) void this.options.client.removeChannel(channel);
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] as number;
    this.attempt++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  /** Drops the subscription (call from the component's cleanup). */
  stop() {
    this.stopped = true;
    this.state = 'closed';
    clearTimeout(this.timer);
    if (this.channel) void this.options.client.removeChannel(this.channel);
    this.channel = undefined;
  }
}
