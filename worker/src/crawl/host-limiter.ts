/**
 * Politeness per host: at most `concurrency` crawls of one host at a time (default 2) and at least
 * `delayMs` between the starts of two crawls of it (default 250 ms), so a job with many products on
 * one shop doesn't hammer it. Hosts don't wait for each other. Waiting honours an AbortSignal.
 */

export interface HostLimiter {
  /** Runs `fn` when `host` has a free slot; rejects with the signal's reason if aborted while waiting. */
  run<T>(host: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export interface HostLimiterOptions {
  concurrency?: number;
  delayMs?: number;
}

interface Waiter {
  start(): void;
}

interface HostState {
  active: number;
  lastStart: number;
  queue: Waiter[];
  timer: NodeJS.Timeout | null;
}

export function createHostLimiter(options: HostLimiterOptions = {}): HostLimiter {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const delayMs = Math.max(0, options.delayMs ?? 250);
  const hosts = new Map<string, HostState>();

  const pump = (host: string, state: HostState) => {
    if (state.timer) return;
    while (state.active < concurrency && state.queue.length > 0) {
      const wait = state.lastStart + delayMs - Date.now();
      if (wait > 0) {
        state.timer = setTimeout(() => {
          state.timer = null;
          pump(host, state);
        }, wait);
        return;
      }
      const waiter = state.queue.shift() as Waiter;
      state.active++;
      state.lastStart = Date.now();
      waiter.start();
    }
    if (state.active === 0 && state.queue.length === 0 && Date.now() - state.lastStart >= delayMs) hosts.delete(host);
  };

  return {
    run(host, fn, signal) {
      const key = host.toLowerCase();
      let state = hosts.get(key);
      if (!state) {
        state = { active: 0, lastStart: 0, queue: [], timer: null };
        hosts.set(key, state);
      }
      const s = state;
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          const i = s.queue.indexOf(waiter);
          if (i >= 0) s.queue.splice(i, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          start() {
            signal?.removeEventListener('abort', onAbort);
            fn()
              .then(resolve, reject)
              .finally(() => {
                s.active--;
                if (!hosts.has(key)) hosts.set(key, s);
                pump(key, s);
              });
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        s.queue.push(waiter);
        pump(key, s);
      });
    },
  };
}
