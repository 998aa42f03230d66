/** What a job-ending notification says and where it leads. */
import { describe, expect, test } from 'vitest';
import { describeEnding, endingKey, notificationFor } from './job-notifications.ts';

const id = '3f0c8a52-8a5e-4d39-9a55-0a4f3b7f3d10';
const finished_at = '2026-11-27 09:59:58.123456+00';

describe('notificationFor', () => {
  test('a label run that succeeded: title, labels first, then the products; tag is the job id; click opens the job', () => {
    const summary = { items: { succeeded: 18, failed: 2 }, labels: { printed: 18, verified: 17 } };
    expect(notificationFor({ id, status: 'succeeded', finished_at, summary })).toEqual({
      title: 'Job succeeded',
      body: '18 labels · 20 products: 18 succeeded, 2 failed',
      tag: id,
      url: `/jobs/${id}`,
    });
  });

  test('a failure leads with its reason; a cancel without counts names the job', () => {
    expect(notificationFor({ id, status: 'failed', finished_at, error: 'Template "Shelf" is gone' })).toMatchObject({
      title: 'Job failed',
      body: 'Template "Shelf" is gone',
    });
    expect(notificationFor({ id, status: 'canceled', finished_at, kind: 'label_run', summary: null })).toMatchObject({
      title: 'Job canceled',
      body: 'label_run 3f0c8a52',
    });
  });

  test('nothing for a job that is queued or running', () => {
    expect(notificationFor({ id, status: 'queued', finished_at: null })).toBeNull();
    expect(notificationFor({ id, status: 'running', finished_at: null })).toBeNull();
  });
});

test('one label reads "1 label"; long errors are cut to fit a notification', () => {
  expect(describeEnding({ id, status: 'succeeded', finished_at, summary: { labels: { printed: 1 } } })).toBe('1 label');
  const long = describeEnding({ id, status: 'failed', finished_at, error: 'x'.repeat(300) });
  expect(long).toHaveLength(140);
  expect(long.endsWith('…')).toBe(true);
});

test('each ending has its own key: a job run again ends again; the same ending from the API and from Realtime is one', () => {
  const key = endingKey({ id, status: 'succeeded', finished_at });
  expect(endingKey({ id, status: 'succeeded', finished_at: '2026-11-27T09:59:58.123456+00:00' })).toBe(key);
  expect(endingKey({ id, status: 'succeeded', finished_at: '2026-11-27 09:59:58.123457+00' })).not.toBe(key);
  expect(endingKey({ id, status: 'succeeded', finished_at: '2026-11-27 10:05:00+00' })).not.toBe(key);
  expect(endingKey({ id, status: 'running', finished_at: null })).toBeNull();
});
