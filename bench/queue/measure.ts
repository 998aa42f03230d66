/** Shared measuring for the queue benchmark: pickup latency over sequential inserts, throughput over a pre-filled queue. */

export interface QueueUnderTest {
  /** Starts consumers with `concurrency`; `onStart(key)` must be called when a handler starts. */
  start(concurrency: number, onStart: (key: string) => void): Promise<void>;
  stop(): Promise<void>;
  /** Inserts one job carrying `key` and resolves once the insert has committed. */
  insertOne(key: string): Promise<void>;
  /** Inserts `n` jobs in bulk while no consumer runs. */
  fill(n: number): Promise<void>;
  /** Jobs not yet completed. */
  remaining(): Promise<number>;
  /** Closes every connection it opened. */
  close(): Promise<void>;
}

export interface QueueResult {
  pickup_p50_ms: number;
  pickup_p99_ms: number;
  jobs_per_s: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Insert → handler start, one job at a time into idle consumers. */
export async function measurePickup(queue: QueueUnderTest, samples: number): Promise<{ p50: number; p99: number }> {
  const waiting = new Map<string, (t: number) => void>();
  await queue.start(4, (key) => waiting.get(key)?.(performance.now()));
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const key = `pickup-${i}`;
      const started = new Promise<number>((resolve) => waiting.set(key, resolve));
      await queue.insertOne(key);
      const committed = performance.now();
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`job ${key} not picked up within 10 s`)), 10_000),
      );
      times.push((await Promise.race([started, timeout])) - committed);
      waiting.delete(key);
      await new Promise((r) => setTimeout(r, 5)); // let the consumer finish and go idle again
    }
  } finally {
    await queue.stop();
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/** No-op jobs completed per second by 4 consumers from a pre-filled queue. */
export async function measureThroughput(queue: QueueUnderTest, jobs: number): Promise<number> {
  await queue.fill(jobs);
  const started = performance.now();
  await queue.start(4, () => {});
  try {
    while ((await queue.remaining()) > 0) await new Promise((r) => setTimeout(r, 20));
  } finally {
    await queue.stop();
  }
  return jobs / ((performance.now() - started) / 1000);
}

export async function measureQueue(queue: QueueUnderTest, pickupSamples: number, jobs: number): Promise<QueueResult> {
  try {
    const pickup = await measurePickup(queue, pickupSamples);
    const jobsPerS = await measureThroughput(queue, jobs);
    return { pickup_p50_ms: round(pickup.p50), pickup_p99_ms: round(pickup.p99), jobs_per_s: round(jobsPerS) };
  } finally {
    await queue.close();
  }
}
