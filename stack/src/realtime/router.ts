/**
 * Routes row changes to the channels that asked for them: one message per change per channel,
 * carrying every matching binding id; RLS checked once per distinct user per change; changes
 * handled strictly one after another so every socket sees commit order. A change that can't be
 * routed (its RLS check failed) is not dropped silently: the channels it matched are told to refetch.
 */
import type { JwtClaims } from '@tagwright/shared';
import type { Change as RealtimeChange } from './changes.ts';
import { type Filter, matchesFilter } from './filters.ts';
import { toJsonRow } from './json-values.ts';
import type { RlsChecker } from './rls-check.ts';

export interface Binding {
  id: number;
  event: '*' | 'INSERT' | 'UPDATE' | 'DELETE';
  schema: string;
  table: string | undefined;
  filter: Filter | undefined;
}

export interface Subscription {
  topic: string;
  joinRef: string | null;
  bindings: Binding[];
  claims: JwtClaims;
  /** Sends one postgres_changes message to this channel: the matching binding ids and the change, as JSON text. */
  deliver(ids: number[], data: string): void;
  /** Tells this channel it may have missed changes (a resync notice), so its client reloads. */
  resync(reason: string): void;
}

/** Size above which a record is replaced by an error, as Supabase does. */
export const MAX_RECORD_BYTES = 1024 * 1024;

export class ChangeRouter {
  private readonly subscriptions = new Set<Subscription>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly rls: RlsChecker,
    private readonly onError: (error: unknown) => void,
  ) {}

  add(subscription: Subscription): void {
    this.subscriptions.add(subscription);
  }

  remove(subscription: Subscription): void {
    this.subscriptions.delete(subscription);
  }

  get size(): number {
    return this.subscriptions.size;
  }

  /** Queues a change; changes are dispatched in the order they were pushed. */
  push(change: RealtimeChange): void {
    this.queue = this.queue.then(() => this.dispatch(change)).catch(this.onError);
  }

  /** Resolves once every change pushed so far has been dispatched. */
  drained(): Promise<void> {
    return this.queue;
  }

  private async dispatch(change: RealtimeChange): Promise<void> {
    const types = Object.fromEntries(change.columns.map((c) => [c.name, c.type]));
    const matched: [Subscription, number[]][] = [];
    for (const sub of this.subscriptions) {
      const ids = sub.bindings.filter((b) => bindingMatches(b, change, types)).map((b) => b.id);
      if (ids.length > 0) matched.push([sub, ids]);
    }
    if (matched.length === 0) return;
    try {
      await this.deliver(change, types, matched);
    } catch (error) {
      this.onError(error);
      // the details go to the log only: the client learns which table, not the database's error
      const reason = `a change to ${change.schema}.${change.table} could not be checked for delivery`;
      for (const [sub] of matched) sub.resync(reason);
    }
  }

  private async deliver(change: RealtimeChange, types: Record<string, string>, matched: [Subscription, number[]][]): Promise<void> {
    const security = await this.rls.tableSecurity(change.schema, change.table);
    const payloadFor = (restricted: boolean) => toPayload(change, types, restricted ? security.primaryKey.map((k) => k.name) : undefined);
    const full = payloadFor(false);
    const keysOnly = change.type === 'DELETE' && security.rls ? payloadFor(true) : full;
    const allowed = await this.visibility(
      change,
      security.rls,
      matched.map(([sub]) => sub.claims),
    );
    matched.forEach(([sub, ids], i) => {
      if (!allowed[i]) return;
      sub.deliver(ids, sub.claims.role === 'service_role' ? full : keysOnly);
    });
  }

  /** Who of these subscribers may see the change: one RLS check for all distinct claim sets. */
  private async visibility(change: RealtimeChange, rls: boolean, claims: JwtClaims[]): Promise<boolean[]> {
    const direct = (c: JwtClaims): boolean | undefined => {
      if (c.role === 'service_role' || !rls) return true;
      // A deleted row can't be checked any more: signed-in users get its key only (as on Supabase), anon nothing.
      if (change.type === 'DELETE') return c.role === 'authenticated';
      return undefined;
    };
    const distinct = new Map<string, JwtClaims>();
    for (const c of claims) if (direct(c) === undefined) distinct.set(claimsKey(c), c);
    const checked = new Map<string, boolean>();
    if (distinct.size > 0) {
      const answers = await this.rls.visibleTo(change.schema, change.table, change, [...distinct.values()]);
      let i = 0;
      for (const key of distinct.keys()) checked.set(key, answers[i++] === true);
    }
    return claims.map((c) => direct(c) ?? checked.get(claimsKey(c)) === true);
  }
}

const claimKeys = new WeakMap<JwtClaims, string>();
/** Subscribers with equal claims are checked once; claim objects live as long as their subscription. */
function claimsKey(claims: JwtClaims): string {
  let key = claimKeys.get(claims);
  if (key === undefined) {
    key = JSON.stringify(claims);
    claimKeys.set(claims, key);
  }
  return key;
}

function bindingMatches(binding: Binding, change: RealtimeChange, types: Record<string, string>): boolean {
  if (binding.event !== '*' && binding.event !== change.type) return false;
  if (binding.schema !== '*' && binding.schema !== change.schema) return false;
  if (binding.table !== undefined && binding.table !== '*' && binding.table !== change.table) return false;
  if (!binding.filter) return true;
  const record = change.type === 'DELETE' ? change.oldRecord : change.record;
  return matchesFilter(binding.filter, record, types);
}

/** The `data` of a postgres_changes message as Supabase Realtime sends it, serialised once for every channel. */
function toPayload(change: RealtimeChange, types: Record<string, string>, onlyColumns: string[] | undefined): string {
  const errors: string[] = [];
  const pick = (row: Record<string, string | null>) =>
    toJsonRow(onlyColumns ? Object.fromEntries(onlyColumns.map((c) => [c, row[c] ?? null])) : row, types);
  let text = change.type === 'DELETE' ? undefined : change.record;
  if (text && Buffer.byteLength(JSON.stringify(text)) > MAX_RECORD_BYTES) {
    errors.push('Error 413: Payload Too Large');
    text = Object.fromEntries(Object.entries(text).filter(([, v]) => v === null || v.length < 64));
  }
  const record = text ? toJsonRow(text, types) : undefined;
  return JSON.stringify({
    schema: change.schema,
    table: change.table,
    commit_timestamp: change.commitTimestamp,
    type: change.type,
    columns: change.columns,
    ...(record ? { record } : {}),
    ...(change.type === 'INSERT' ? {} : { old_record: pick(change.oldRecord) }),
    errors: errors.length > 0 ? errors : null,
  });
}
