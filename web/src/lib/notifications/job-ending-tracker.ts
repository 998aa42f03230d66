/**
 * Which job endings are news. Realtime sends no old row on UPDATE, so "this job just ended" can't be
 * read from one change: the tracker remembers every ending it has seen. Endings already in the
 * snapshot taken when the page (re)connects are old; an ending first seen in a change afterwards is
 * news, once. Changes that arrive before that snapshot happened after the subscription started, so
 * they are news too. Pure, so it is tested without a browser.
 */
import { timeOf } from '../labels/label-filter.ts';
import { endingKey, type JobEnding } from './job-notifications.ts';

/** How far before the snapshot's server time an ending may lie and still be news (clock drift between web and database). */
const SLACK_MS = 60_000;

export class JobEndingTracker {
  private readonly seen = new Set<string>();
  /** Endings before this instant (server clock) are old whatever changed on the job since; null until a snapshot says when. */
  private oldBefore: number | null = null;

  /**
   * The jobs as the database holds them now (newest first, as many as the API sends) and the server's
   * time then: their endings are not news, nor any ending older than that snapshot.
   */
  baseline(jobs: readonly JobEnding[], serverNowMs?: number): void {
    for (const job of jobs) {
      const key = endingKey(job);
      if (key) this.seen.add(key);
    }
    if (serverNowMs !== undefined && Number.isFinite(serverNowMs)) this.oldBefore = serverNowMs - SLACK_MS;
  }

  /** The jobs among these that ended since we started watching and weren't announced yet (each ending once). */
  news<T extends JobEnding>(jobs: readonly T[]): T[] {
    const fresh: T[] = [];
    for (const job of jobs) {
      const key = endingKey(job);
      if (!key || this.seen.has(key)) continue;
      this.seen.add(key);
      if (this.oldBefore !== null && timeOf(job.finished_at ?? '') < this.oldBefore) continue;
      fresh.push(job);
    }
    return fresh;
  }
}
