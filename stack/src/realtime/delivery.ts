/** Hands row changes on in commit order, holding them (still in order) while their relation's type names load. */
import { type Change, type CommitInfo, toChange } from './changes.ts';
import type { Delete, Insert, Relation, Update } from './decode.ts';
import { describeError, isRecoverable } from './recoverable.ts';
import type { TypeNames } from './type-names.ts';

type Pending = { relation: Relation; message: Insert | Update | Delete; commit: CommitInfo } | { committed: string };

export interface DeliveryTarget {
  change(change: Change): void;
  /** Everything up to this commit end LSN has been handed on. */
  processed(lsn: string): void;
  failed(error: unknown): void;
  log(line: string): void;
}

export class OrderedDelivery {
  private readonly pending: Pending[] = [];
  private waiting = false;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly types: TypeNames,
    private readonly target: DeliveryTarget,
    private readonly retryMs: number,
  ) {}

  /** Nothing is waiting to be handed on. */
  get idle(): boolean {
    return this.pending.length === 0;
  }

  change(relation: Relation, message: Insert | Update | Delete, commit: CommitInfo): void {
    this.pending.push({ relation, message, commit });
    this.drain();
  }

  commit(endLsn: string): void {
    this.pending.push({ committed: endLsn });
    this.drain();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  drain(): void {
    while (!this.waiting && !this.stopped && this.pending.length > 0) {
      const item = this.pending[0] as Pending;
      if ('committed' in item) {
        this.pending.shift();
        this.target.processed(item.committed);
        continue;
      }
      const missing = this.types.missing(item.relation.columns.map((c) => c.typeOid));
      if (missing.length > 0) {
        this.waiting = true;
        this.types.load(missing).then(
          () => this.resume(),
          (error: unknown) => this.resume(error),
        );
        return;
      }
      this.pending.shift();
      const change = toChange(item.relation, item.message, (oid) => this.types.get(oid) ?? `unknown_type_${oid}`, item.commit);
      try {
        this.target.change(change);
      } catch (error) {
        this.target.log(`a 'change' listener threw (the stream goes on): ${describeError(error)}`);
      }
    }
  }

  private resume(error?: unknown): void {
    this.waiting = false;
    if (error === undefined) this.drain();
    else if (this.stopped) return;
    else if (!isRecoverable(error)) this.target.failed(error);
    else this.scheduleRetry(error);
  }

  private scheduleRetry(error: unknown): void {
    this.target.log(`looking up type names failed (${describeError(error)}); retrying in ${this.retryMs} ms`);
    this.retry = setTimeout(() => this.drain(), this.retryMs);
  }
}
