/**
 * Starts the worker's one Chromium (found by find-chromium) with the flags DESIGN §6 lists, behind
 * the network sink (so only the crawl stage's guarded route handler reaches the network), and a
 * page pool on it. Use one per worker process and close it on shutdown; `close` ends the pages,
 * the browser process and the sink.
 */
import { type Browser, chromium } from 'playwright-core';
import { findChromium } from './find-chromium.ts';
import { startNetworkSink } from './network-sink.ts';
import { createPagePool, type PagePool, type PagePoolOptions } from './page-pool.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WorkerBrowser extends PagePool {
  readonly browser: Browser;
  readonly executablePath: string;
  readonly source: 'env' | 'system' | 'playwright';
  /** Where the browser tried to connect on its own, outside the guarded route handler (see network-sink). */
  escapes(): string[];
}

export interface LaunchOptions extends PagePoolOptions {
  /** Overrides the search (tests). */
  executablePath?: string;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<WorkerBrowser> {
  const found = options.executablePath ? { executablePath: options.executablePath, source: 'env' as const } : findChromium();
  const sink = await startNetworkSink();
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: found.executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      proxy: { server: sink.proxyServer },
    });
  } catch (error) {
    await sink.close();
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `Chromium at ${found.executablePath} did not start: ${message}; check that it runs (\`${found.executablePath} --version\`)`,
    );
  }
  const pool = createPagePool(browser, options);
  return {
    browser,
    executablePath: found.executablePath,
    source: found.source,
    escapes: sink.escapes,
    withPage: pool.withPage,
    open: pool.open,
    async close() {
      await pool.close();
      await browser.close();
      await sink.close();
    },
  };
}
