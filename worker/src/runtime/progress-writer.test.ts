/** ProgressWriter (unit, fake clock): a few writes per second at most, stage changes at once, the last value always, 0–100. */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { JobStage } from '../queue/update-progress.ts';
import { ProgressWriter } from './progress-writer.ts';

let writes: [JobStage, number][];
let errors: unknown[];
let writer: ProgressWriter;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  writes = [];
  errors = [];
  writer = new ProgressWriter(
    async (stage, percent) => {
      writes.push([stage, percent]);
    },
    (error) => errors.push(error),
  );
});
afterEach(() => {
  writer.stop();
  vi.useRealTimers();
});

/** Lets queued writes (promise callbacks) and due timers run. */
const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

describe('ProgressWriter', () => {
  test('100 updates spread over one second make at most 5 writes, and flush() writes the last value', async () => {
    for (let i = 1; i <= 100; i++) {
      writer.set('crawling', i);
      await tick(10);
    }
    expect(writes.length).toBeGreaterThanOrEqual(2);
    expect(writes.length).toBeLessThanOrEqual(5);
    await writer.flush();
    expect(writes.at(-1)).toEqual(['crawling', 100]);
    expect(writes.length).toBeLessThanOrEqual(6);
    expect(errors).toEqual([]);
  });

  test('a burst of 100 updates at once makes one write now and one for the last value', async () => {
    for (let i = 1; i <= 100; i++) writer.set('ocr', i);
    await tick();
    expect(writes).toEqual([['ocr', 1]]);
    await tick(250);
    expect(writes).toEqual([
      ['ocr', 1],
      ['ocr', 100],
    ]);
  });

  test('flush() writes a pending value at once, without waiting for the interval', async () => {
    writer.set('crawling', 10);
    writer.set('crawling', 42);
    await writer.flush();
    expect(writes).toEqual([
      ['crawling', 10],
      ['crawling', 42],
    ]);
    await tick(1_000);
    expect(writes).toHaveLength(2);
  });

  test('a stage change is written at once, even inside the interval', async () => {
    writer.set('crawling', 10);
    writer.set('crawling', 20);
    writer.set('ocr', 0);
    await tick();
    expect(writes).toEqual([
      ['crawling', 10],
      ['ocr', 0],
    ]);
  });

  test('an unchanged value is not written again (after rounding)', async () => {
    writer.set('matching', 30);
    await tick(300);
    writer.set('matching', 30);
    await tick(300);
    writer.set('matching', 30.2);
    await writer.flush();
    expect(writes).toEqual([['matching', 30]]);
  });

  test('percent is clamped to 0–100 and rounded', async () => {
    writer.set('rendering', 150);
    await tick(300);
    writer.set('rendering', -5);
    await tick(300);
    writer.set('rendering', 49.6);
    await writer.flush();
    expect(writes).toEqual([
      ['rendering', 100],
      ['rendering', 0],
      ['rendering', 50],
    ]);
  });

  test('a failed write is reported and later writes still happen', async () => {
    const failing = new ProgressWriter(
      async (stage, percent) => {
        if (percent === 1) throw new Error('db down');
        writes.push([stage, percent]);
      },
      (error) => errors.push(error),
    );
    failing.set('crawling', 1);
    await tick(300);
    failing.set('crawling', 2);
    await failing.flush();
    expect(errors).toEqual([new Error('db down')]);
    expect(writes).toEqual([['crawling', 2]]);
  });

  test('stop() drops what is pending', async () => {
    writer.set('crawling', 1);
    writer.set('crawling', 2);
    writer.stop();
    await tick(1_000);
    await writer.flush();
    expect(writes).toEqual([['crawling', 1]]);
  });
});
