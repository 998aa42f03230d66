/** Test helper: a ChangeSource whose changes, events and log lines are recorded, and a way to wait for changes. */
import { ChangeSource, type ChangeSourceOptions } from './change-source.ts';
import type { Change } from './changes.ts';

export interface RecordedSource {
  source: ChangeSource;
  changes: Change[];
  /** 'live', 'restart' and 'error', in the order they were emitted. */
  events: string[];
  logs: string[];
  /** Waits until `count` changes of `table` arrived after index `from`, and returns them. */
  collect(table: string, count: number, from?: number, timeoutMs?: number): Promise<Change[]>;
}

export function recordedSource(url: string, options: Partial<ChangeSourceOptions> = {}): RecordedSource {
  const changes: Change[] = [];
  const events: string[] = [];
  const logs: string[] = [];
  const source = new ChangeSource({ url, onLog: (line) => logs.push(line), ...options });
  source.on('change', (change) => changes.push(change));
  for (const event of ['live', 'restart', 'error'] as const) source.on(event, () => events.push(event));
  async function collect(table: string, count: number, from = 0, timeoutMs = 10_000): Promise<Change[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = changes.slice(from).filter((c) => c.table === table);
      if (found.length >= count) return found.slice(0, count);
      if (Date.now() > until) throw new Error(`only ${found.length}/${count} changes of ${table} arrived; log: ${logs.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { source, changes, events, logs, collect };
}
