/** One logical replication session: opens the stream on a new temporary slot, passes messages on, reports its end. */
import { LogicalReplicationService } from 'pg-logical-replication';
import { formatLsn, lsnToBigInt } from './decode.ts';
import { TemporarySlotPgoutput } from './slot.ts';

export interface StreamOptions {
  url: string;
  publication: string;
  slot: string;
  /** One pgoutput message (undecoded) and the WAL position it was sent at. */
  onData: (lsn: string, message: Buffer) => void;
  /** A server keepalive: its end of WAL, and whether it wants a status update now. */
  onKeepalive: (walEnd: string, replyNow: boolean) => void;
  /** The live stream ended without close() being called: connection lost, server error. */
  onEnd: (error: unknown) => void;
  /** Warnings and notices of the server on this session (e.g. PostgreSQL 18 skips a dropped publication with a WARNING). */
  onNotice: (line: string) => void;
}

export interface ReplicationStream {
  slot: string;
  /** Where the slot began; nothing committed after it is missed. */
  startLsn: string | undefined;
  /** Standby status update: everything up to `lsn` is processed, so the server may recycle that WAL. */
  acknowledge(lsn: string): Promise<void>;
  close(): Promise<void>;
}

/** Resolves once the server streams to us (so later commits are delivered); rejects if it never gets there. */
export function openStream(options: StreamOptions): Promise<ReplicationStream> {
  // We acknowledge ourselves, after changes are handed on; the library's own timer stays off.
  const service = new LogicalReplicationService(
    { connectionString: options.url, application_name: 'tagwright_realtime' },
    { acknowledge: { auto: false, timeoutSeconds: 0 } },
  );
  const plugin = new TemporarySlotPgoutput({ publication: options.publication, onNotice: options.onNotice });
  let live = false;
  let finished = false;
  let closing: Promise<void> | undefined;

  const stream: ReplicationStream = {
    slot: options.slot,
    startLsn: undefined,
    async acknowledge(lsn) {
      const position = lsnToBigInt(lsn);
      // The library reports lsn + 1; Postgres' positions (commit end, keepalive WAL end) already point past
      // the last byte, and a fast shutdown waits until the reported position equals what it sent.
      if (!finished && !closing && position > 0n) await service.acknowledge(formatLsn(position - 1n));
    },
    close() {
      closing ??= service.destroy().then(() => undefined);
      return closing;
    },
  };

  return new Promise((resolve, reject) => {
    const end = (error: unknown) => {
      if (finished || closing) return;
      finished = true;
      if (live) {
        options.onEnd(error);
        return;
      }
      reject(error);
      stream.close().catch(() => {}); // the session failed to start; its own error is what we report
    };
    service.on('error', end);
    service.on('data', (lsn: string, message: Buffer) => options.onData(lsn, message));
    service.on('heartbeat', (lsn: string, _time: number, replyNow: boolean) => options.onKeepalive(lsn, replyNow));
    service.once('start', () => {
      live = true;
      stream.startLsn = plugin.consistentPoint;
      resolve(stream);
    });
    service.subscribe(plugin, options.slot).then(
      () => end(new Error('Postgres ended the replication stream')),
      (error: unknown) => end(error),
    );
  });
}
