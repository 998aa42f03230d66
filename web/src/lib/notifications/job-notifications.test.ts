/** Which job changes become a browser notification, and what it says. */
import { describe, expect, test } from 'vitest';
import { describeEnding, notificationFor } from './job-notifications.ts';

const now = Date.parse('2026-11-27T10:00:00Z');
const ended = (overrides: Record<string, unknown> = {}) => ({
  id: '3f0c8a52-8a5e-4d39-9a55-0a4f3b7f3d10',
  status: 'succeeded',
  finished_at: '2026-11-27 09:59:58.123456+00',
  summary: { items: { succeeded: 18, failed: 2 }, labels: { printed: 18 } },
  ...overrides,
});

describe('notificationFor', () => {
  test('a job that just succeeded: title, counts, the job page; only once per ending', () => {
    const announced = new Set<string>();
    expect(notificationFor(ended(), announced, now)).toEqual({
      title: 'Job succeeded',
      body: '20 products: 18 succeeded, 2 failed · 18 labels',
      tag: 'job-3f0c8a52-8a5e-4d39-9a55-0a4f3b7f3d10',
      url: '/jobs/3f0c8a52-8a5e-4d39-9a55-0a4f3b7f3d10',
    });
    expect(notificationFor(ended({ summary: null }), announced, now)).toBeNull();
    // run again, it ends again: news again
    expect(notificationFor(ended({ finished_at: '2026-11-27T09:59:59.5Z' }), announced, now)?.title).toBe('Job succeeded');
  });

  test('failures say why; cancels say so', () => {
    expect(notificationFor(ended({ status: 'failed', error: 'Template "Shelf" is gone' }), new Set(), now)).toMatchObject({
      title: 'Job failed',
      body: 'Template "Shelf" is gone',
    });
    expect(notificationFor(ended({ status: 'canceled', summary: null }), new Set(), now)).toMatchObject({
      title: 'Job canceled',
      body: 'Job 3f0c8a52',
    });
  });

  test('not for running or queued jobs, nor for a change on a job that ended long ago', () => {
    expect(notificationFor(ended({ status: 'running', finished_at: null }), new Set(), now)).toBeNull();
    expect(notificationFor(ended({ finished_at: '2026-11-27T09:30:00Z' }), new Set(), now)).toBeNull();
  });
});

test('long errors are cut to fit a notification', () => {
  expect(describeEnding({ id: 'j', status: 'failed', error: 'x'.repeat(300) })).toHaveLength(140);
});
