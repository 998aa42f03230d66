/** The local Realtime's source of row changes: one pgoutput stream of publication supabase_realtime, in commit order, reconnecting. */
import { EventEmitter } from 'node:events';
import { connect, type Sql } from '@tagwright/shared/db';
import { type Change, type CommitInfo, commitTimestamp } from './changes.ts';
import { decodePgoutput, type Relation } from './decode.ts';
import { OrderedDelivery } from './delivery.ts';
import { describeError, isRecoverable } from './recoverable.ts';
import { dropStaleSlots, newSlotName, waitForSlotGone } from './slot.ts';
import { StandbyStatus } from './standby-status.ts';
import { openStream, type ReplicationStream } from './stream.ts';
import { TypeNames } from './type-names.ts';

export interface ChangeSourceOptions {
  /** Connection string of a role that may replicate (the local stack's superuser). */
  url: string;
  /** Default 'supabase_realtime'. */
  publication?: string;
  /** Where non-fatal problems are reported (default: console.error with a 'realtime:' prefix). */
  onLog?: (line: string) => void;
  /** Reconnect backoff after a lost connection: doubles from minMs up to maxMs (defaults 100 ms, 5 s). */
  reconnect?: { minMs?: number; maxMs?: number };
}

export interface ChangeSourceEvents {
  change: [change: Change];
  /** Streaming (again): every transaction that commits from now on is delivered. */
  live: [info: { slot: string; startLsn: string | undefined }];
  /** The stream was lost; changes committed until the next 'live' may be missed (refetch state then). */
  restart: [info: { reason: string }];
  /** Unrecoverable: the source has stopped. */
  error: [error: Error];
}

type State = 'new' | 'starting' | 'live' | 'reconnecting' | 'stopped' | 'failed';

export class ChangeSource extends EventEmitter<ChangeSourceEvents> {
  private state: State = 'new';
  private readonly url: string;
  private readonly sql: Sql;
  private readonly types: TypeNames;
  private readonly publication: string;
  private readonly log: (line: string) => void;
  private readonly backoff: { minMs: number; maxMs: number };
  private stream: ReplicationStream | undefined;
  private session = 0;
  private relations = new Map<number, Relation>();
  private transaction: CommitInfo | undefined;
  private readonly delivery: OrderedDelivery;
  private readonly status: StandbyStatus;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(options: ChangeSourceOptions) {
    super();
    this.sql = connect(options.url, { max: 1 });
    this.types = new TypeNames(this.sql);
    this.publication = options.publication ?? 'supabase_realtime';
    this.log = options.onLog ?? ((line) => console.error(`realtime: ${line}`));
    this.backoff = { minMs: 100, maxMs: 5000, ...options.reconnect };
    this.url = options.url;
    this.status = new StandbyStatus(this.log);
    this.delivery = new OrderedDelivery(
      this.types,
      {
        change: (change) => this.emit('change', change),
        processed: (lsn) => this.status.advance(lsn),
        failed: (error) => this.fail(error),
        log: this.log,
      },
      this.backoff.maxMs,
    );
  }

  /** Resolves once the stream is live: a row committed after that is always delivered. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`ChangeSource.start() was already called (state ${this.state}).`);
    this.state = 'starting';
    try {
      const [found] = await this.sql<{ n: number }[]>`select count(*)::int as n from pg_publication where pubname = ${this.publication}`;
      if (!found?.n) throw new Error(`publication "${this.publication}" does not exist; apply the migrations (bootstrap creates it).`);
      await dropStaleSlots(this.sql, this.log);
      await this.openSession();
    } catch (error) {
      if ((this.state as State) === 'stopped') throw error;
      await this.stop();
      throw new Error(`Realtime change stream could not start: ${describeError(error)}`, { cause: error });
    }
  }

  /** Ends the stream; its temporary slot is gone when this resolves. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.state = 'stopped';
    this.status.detach();
    this.delivery.stop();
    clearTimeout(this.reconnectTimer);
    await this.connecting?.catch(() => {}); // its failure is reported where it was started
    const stream = this.stream;
    this.stream = undefined;
    try {
      if (stream) {
        await stream.close();
        if (!(await waitForSlotGone(this.sql, stream.slot))) this.log(`replication slot ${stream.slot} still exists 5 s after stop`);
      }
    } catch (error) {
      this.log(`while stopping: ${describeError(error)}`);
    } finally {
      await this.sql.end({ timeout: 5 });
    }
  }

  private openSession(): Promise<void> {
    this.connecting = this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const session = ++this.session;
    this.relations = new Map(); // a new session announces its relations again
    this.transaction = undefined;
    const stream = await openStream({
      url: this.url,
      publication: this.publication,
      slot: newSlotName(),
      onData: (_lsn, message) => session === this.session && this.onMessage(message),
      onKeepalive: (walEnd, replyNow) => session === this.session && this.onKeepalive(walEnd, replyNow),
      onEnd: (error) => session === this.session && this.onLost(error),
      onNotice: (line) => this.log(`Postgres says ${line}`),
    });
    if (this.state === 'stopped') {
      await stream.close();
      throw new Error('ChangeSource was stopped while connecting.');
    }
    this.stream = stream;
    this.state = 'live';
    this.status.attach(stream);
    this.notify('live', () => this.emit('live', { slot: stream.slot, startLsn: stream.startLsn }));
    this.delivery.drain(); // changes received before a reconnect may still wait for type names
  }

  private onMessage(buffer: Buffer): void {
    try {
      const message = decodePgoutput(buffer);
      switch (message.tag) {
        case 'relation':
          this.relations.set(message.oid, message);
          this.types.load(message.columns.map((c) => c.typeOid)).catch(() => {}); // prefetch; drain() reports failures
          return;
        case 'type':
          this.types.set(message.oid, message.name);
          return;
        case 'begin':
          this.transaction = { commitTimestamp: commitTimestamp(message.commitTimeUs), lsn: message.finalLsn, xid: message.xid };
          return;
        case 'commit':
          this.transaction = undefined;
          this.delivery.commit(message.endLsn);
          return;
        case 'insert':
        case 'update':
        case 'delete': {
          const relation = this.relations.get(message.relationOid);
          if (!relation || !this.transaction)
            throw new Error(`pgoutput sent a ${message.tag} for relation ${message.relationOid} without its Relation or Begin message`);
          this.delivery.change(relation, message, this.transaction);
          return;
        }
        default:
          return; // origin, truncate, logical messages: Supabase's postgres_changes has no such events
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private onKeepalive(walEnd: string, replyNow: boolean): void {
    // Nothing in flight: everything up to the server's end of WAL is done, so it need not keep that WAL for us.
    if (this.delivery.idle && !this.transaction) this.status.advance(walEnd);
    if (replyNow) this.status.report(true);
  }

  private onLost(error: unknown): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    if (!isRecoverable(error)) {
      this.fail(error);
      return;
    }
    const stream = this.stream;
    this.stream = undefined;
    this.transaction = undefined;
    this.state = 'reconnecting';
    this.status.detach();
    stream?.close().catch((e: unknown) => this.log(`closing the lost stream: ${describeError(e)}`));
    const reason = describeError(error);
    this.log(`replication stream lost (${reason}); reconnecting`);
    this.reconnect(0);
    this.notify('restart', () => this.emit('restart', { reason }));
  }

  /** A listener that throws must not stop the stream or its reconnecting. */
  private notify(event: 'live' | 'restart', emit: () => void): void {
    try {
      emit();
    } catch (error) {
      this.log(`a '${event}' listener threw: ${describeError(error)}`);
    }
  }

  private reconnect(attempt: number): void {
    const delay = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** attempt);
    this.reconnectTimer = setTimeout(() => {
      this.openSession().catch((error: unknown) => {
        if (this.state === 'stopped' || this.state === 'failed') return;
        if (!isRecoverable(error)) {
          this.fail(error);
          return;
        }
        this.log(`reconnect ${attempt + 1} failed (${describeError(error)}); next in ${Math.min(this.backoff.maxMs, delay * 2)} ms`);
        this.reconnect(attempt + 1);
      });
    }, delay);
  }

  /** Unrecoverable: stop streaming and report it once. */
  private fail(error: unknown): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.state = 'failed';
    const failure = new Error(`Realtime change stream stopped: ${describeError(error)}`, { cause: error });
    this.status.detach();
    this.delivery.stop();
    clearTimeout(this.reconnectTimer);
    const stream = this.stream;
    this.stream = undefined;
    stream?.close().catch((e: unknown) => this.log(`closing the failed stream: ${describeError(e)}`));
    if (this.listenerCount('error') > 0) this.emit('error', failure);
    else this.log(failure.message);
  }
}
