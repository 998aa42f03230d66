/**
 * A small pool of browser pages, each in its own context (own cookies, service workers blocked,
 * popups and dialogs dismissed, a desktop Chrome user agent), lent out one caller at a time and reused — opening a page costs
 * more than a navigation. A page that was closed, or whose user was cancelled mid-work, is thrown
 * away and replaced on demand. Waiting for a page honours an AbortSignal.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface PagePool {
  /** Lends a page for `fn` (waiting while all `size` are in use); the page comes back afterwards. */
  withPage<T>(fn: (page: Page) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Pages open right now (idle or lent). */
  open(): number;
  close(): Promise<void>;
}

export interface PagePoolOptions {
  size?: number;
  viewport?: { width: number; height: number };
}

interface Waiter {
  resolve(page: Page): void;
  reject(error: unknown): void;
}

export function createPagePool(browser: Browser, options: PagePoolOptions = {}): PagePool {
  const size = Math.max(1, options.size ?? 4);
  const viewport = options.viewport ?? { width: 1280, height: 900 };
  const idle: Page[] = [];
  const contexts = new Map<Page, BrowserContext>();
  const waiters: Waiter[] = [];
  // Headless Chromium says "HeadlessChrome" in its user agent, which many shops answer with a block page.
  const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version().split('.')[0]}.0.0.0 Safari/537.36`;
  let closed = false;
  let pending = 0; // pages being opened, counted against `size`

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport, acceptDownloads: false, userAgent, locale: 'en-US' });
    const page = await context.newPage();
    context.on('page', (popup) => {
      if (popup !== page) void popup.close().catch(() => {}); // a popup's own failure to close is moot
    });
    page.on('dialog', (dialog) => void dialog.dismiss().catch(() => {}));
    contexts.set(page, context);
    return page;
  };

  const discard = async (page: Page) => {
    const context = contexts.get(page);
    contexts.delete(page);
    await context?.close().catch(() => {}); // already closed with the browser
  };

  const acquire = (signal?: AbortSignal): Promise<Page> => {
    if (closed) return Promise.reject(new Error('the page pool is closed; launch a new browser'));
    signal?.throwIfAborted();
    const page = idle.pop();
    if (page) return Promise.resolve(page);
    if (contexts.size + pending < size) {
      pending++;
      return newPage().finally(() => pending--);
    }
    return new Promise<Page>((resolve, reject) => {
      const onAbort = () => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve: (p) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(p);
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.push(waiter);
    });
  };
  const release = async (page: Page, reuse: boolean) => {
    if (closed || !reuse || page.isClosed()) {
      await discard(page);
      const next = waiters.shift();
      if (next && !closed) newPage().then(next.resolve, next.reject);
      return;
    }
    const next = waiters.shift();
    if (next) next.resolve(page);
    else idle.push(page);
  };

  return {
    async withPage(fn, signal) {
      const page = await acquire(signal);
      let reuse = true;
      try {
        return await fn(page);
      } catch (error) {
        if (signal?.aborted) reuse = false; // the page may still be mid-navigation: start fresh
        throw error;
      } finally {
        await release(page, reuse && !signal?.aborted);
      }
    },
    open: () => contexts.size,
    async close() {
      closed = true;
      for (const w of waiters.splice(0)) w.reject(new Error('the browser was closed'));
      idle.length = 0;
      await Promise.all([...contexts.keys()].map(discard));
    },
  };
}
