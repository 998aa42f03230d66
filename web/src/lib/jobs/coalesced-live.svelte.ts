/**
 * LiveRows for busy pages: changes are applied at once, but lists re-sort and re-render at most
 * every `intervalMs` per table (a job can send hundreds of changes a second), and until the
 * first live snapshot lands the server-rendered rows are shown, so the first paint is instant.
 */
import { untrack } from 'svelte';
import { type LiveOptions, LiveRows } from '../live/live-rows.svelte.ts';
import type { Versioned } from '../live/merge.ts';

export class CoalescedLive {
  readonly live: LiveRows;
  /** True once the live snapshot has been merged (until then callers show the server's rows). */
  ready = $state(false);
  private ticks = $state<Record<string, number>>({});
  private dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    options: Omit<LiveOptions, 'onChange'>,
    private readonly intervalMs = 250,
  ) {
    for (const { table } of options.tables) this.ticks[table] = 0;
    this.live = new LiveRows({
      ...options,
      onChange: (table) => this.mark(table),
      snapshot: async () => {
        const rows = await options.snapshot();
        // LiveRows merges right after this resolves; a macrotask later every table is fresh
        setTimeout(() => {
          this.ready = true;
          for (const { table } of options.tables) this.mark(table);
        }, 0);
        return rows;
      },
    });
  }

  private mark(table: string) {
    this.dirty.add(table);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const t of this.dirty) this.ticks[t] = (this.ticks[t] ?? 0) + 1;
      this.dirty.clear();
    }, this.intervalMs);
  }

  /** The table's rows in `compare` order; reactive to this table's (coalesced) changes only. */
  rows<T extends Versioned>(table: string, compare?: (a: T, b: T) => number): T[] {
    void this.ticks[table];
    return untrack(() => this.live.rows<T>(table, compare));
  }

  stop() {
    clearTimeout(this.timer);
    this.live.stop();
  }
}
