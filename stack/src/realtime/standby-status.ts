/** Standby status updates for a replication stream: how far we are, so the server can recycle WAL and knows we are alive. */
import { lsnToBigInt } from './decode.ts';
import { describeError } from './recoverable.ts';
import type { ReplicationStream } from './stream.ts';

const CHECK_INTERVAL_MS = 1000;
/** Well inside wal_sender_timeout (60 s by default), also when nothing happens. */
const IDLE_STATUS_MS = 10_000;

export class StandbyStatus {
  private stream: ReplicationStream | undefined;
  private processed: string | undefined;
  private sent = { lsn: '', at: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: (line: string) => void) {}

  /** Reports for `stream` from now on, starting from where its slot began. */
  attach(stream: ReplicationStream): void {
    this.stream = stream;
    this.processed = stream.startLsn;
    this.sent = { lsn: '', at: 0 };
    this.timer ??= setInterval(() => this.report(false), CHECK_INTERVAL_MS);
  }

  detach(): void {
    this.stream = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Everything up to `lsn` (a commit end or the server's WAL end) has been handed on. */
  advance(lsn: string): void {
    this.processed = lsn;
  }

  /** Sends an update when asked to, when there is progress (checked every second), and every 10 s anyway. */
  report(requested: boolean): void {
    const lsn = this.processed;
    if (!this.stream || !lsn) return;
    const progressed = this.sent.lsn === '' || lsnToBigInt(lsn) > lsnToBigInt(this.sent.lsn);
    if (!requested && !progressed && Date.now() - this.sent.at < IDLE_STATUS_MS) return;
    this.sent = { lsn: progressed ? lsn : this.sent.lsn, at: Date.now() };
    this.stream.acknowledge(this.sent.lsn).catch((error: unknown) => this.log(`standby status update failed: ${describeError(error)}`));
  }
}
