/** Which job changes become a notification: endings after the page started watching, each once; never old ones. */
import { describe, expect, test } from 'vitest';
import { JobEndingTracker } from './job-ending-tracker.ts';
import type { JobEnding } from './job-notifications.ts';

const serverNow = Date.parse('2026-11-27T10:00:00Z');
const job = (id: string, status: JobEnding['status'], finished_at: string | null = null): JobEnding => ({ id, status, finished_at });
const ids = (jobs: JobEnding[]) => jobs.map((j) => j.id);

describe('JobEndingTracker', () => {
  test('a job that was running when the page loaded and ends later is news once, however often it changes after', () => {
    const tracker = new JobEndingTracker();
    tracker.baseline([job('a', 'running')], serverNow);
    expect(ids(tracker.news([job('a', 'running')]))).toEqual([]);
    const ended = job('a', 'succeeded', '2026-11-27 10:00:05.5+00');
    expect(ids(tracker.news([ended]))).toEqual(['a']);
    expect(ids(tracker.news([ended]))).toEqual([]);
    expect(ids(tracker.news([{ ...ended, summary: { labels: { printed: 3 } } }]))).toEqual([]);
  });

  test('jobs already finished when the page loaded are never announced, even when a later change touches them', () => {
    const tracker = new JobEndingTracker();
    // the snapshot (jobs API) has Postgres text; the change (Realtime) ISO
    tracker.baseline([job('old', 'failed', '2026-11-27 09:59:50.654321+00')], serverNow);
    expect(ids(tracker.news([job('old', 'failed', '2026-11-27T09:59:50.654321+00:00')]))).toEqual([]);
  });

  test('an ending older than the snapshot is old news even when the snapshot did not list that job', () => {
    const tracker = new JobEndingTracker();
    tracker.baseline([], serverNow);
    expect(ids(tracker.news([job('ancient', 'succeeded', '2026-11-20 08:00:00+00')]))).toEqual([]);
    expect(ids(tracker.news([job('new', 'canceled', '2026-11-27T10:00:01Z')]))).toEqual(['new']);
  });

  test('a job run again and ending again is news again', () => {
    const tracker = new JobEndingTracker();
    tracker.baseline([job('r', 'failed', '2026-11-27 09:59:00+00')], serverNow);
    expect(ids(tracker.news([job('r', 'queued')]))).toEqual([]);
    expect(ids(tracker.news([job('r', 'succeeded', '2026-11-27 10:03:00+00')]))).toEqual(['r']);
  });

  test('endings that arrive before the snapshot happened after subscribing: news, and not again once the snapshot lists them', () => {
    const tracker = new JobEndingTracker();
    const early = job('early', 'succeeded', '2026-11-27 10:00:00.2+00');
    expect(ids(tracker.news([early]))).toEqual(['early']);
    tracker.baseline([early], serverNow);
    expect(ids(tracker.news([early]))).toEqual([]);
  });

  test('only the jobs that ended in a batch of rows are announced', () => {
    const tracker = new JobEndingTracker();
    tracker.baseline([], serverNow);
    const rows = [job('q', 'queued'), job('x', 'running'), job('s', 'succeeded', '2026-11-27 10:00:09+00')];
    expect(ids(tracker.news(rows))).toEqual(['s']);
  });
});
