/** Per-host politeness: concurrency per host, hosts independent, waiting cancellable. */
import { expect, test } from 'vitest';
import { createHostLimiter } from './host-limiter.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

test('no more than `concurrency` runs per host at once; other hosts are not held up', async () => {
  const limiter = createHostLimiter({ concurrency: 2, delayMs: 0 });
  let active = 0;
  let most = 0;
  const g = gate();
  const job = () => async () => {
    active++;
    most = Math.max(most, active);
    await g.opened;
    active--;
  };
  const runs = Array.from({ length: 5 }, () => limiter.run('shop.example', job()));
  const other = limiter.run('other.example', async () => 'done');
  expect(await other).toBe('done');
  g.open();
  await Promise.all(runs);
  expect(most).toBe(2);
});

test('starts on one host are spaced by the delay, in order', async () => {
  const limiter = createHostLimiter({ concurrency: 5, delayMs: 30 });
  const starts: number[] = [];
  await Promise.all([1, 2, 3].map((n) => limiter.run('shop.example', async () => void starts.push(n))));
  expect(starts).toEqual([1, 2, 3]);
});

test('a wait can be aborted; the run never starts', async () => {
  const limiter = createHostLimiter({ concurrency: 1, delayMs: 0 });
  const g = gate();
  const first = limiter.run('shop.example', () => g.opened);
  const controller = new AbortController();
  let started = false;
  const second = limiter.run(
    'shop.example',
    async () => {
      started = true;
    },
    controller.signal,
  );
  controller.abort(new Error('canceled'));
  await expect(second).rejects.toThrow('canceled');
  g.open();
  await first;
  expect(started).toBe(false);
});

test('an error in a run frees its slot', async () => {
  const limiter = createHostLimiter({ concurrency: 1, delayMs: 0 });
  await expect(limiter.run('shop.example', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await limiter.run('shop.example', async () => 'next')).toBe('next');
});
