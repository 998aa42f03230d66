/**
 * The pipeline's per-process resources — one Chromium with a page pool, the crawler (SSRF guard
 * from CRAWL_ALLOW_HOSTS, per-host limits), the OCR pool, the object store — made on the first
 * label_run job (a worker that only runs other kinds never starts a browser) and closed once.
 */
import os from 'node:os';
import { parseIntSetting } from '@tagwright/shared';
import { launchBrowser, type WorkerBrowser } from '../browser/launch-browser.ts';
import { createCrawler, parseAllowHosts } from '../crawl/index.ts';
import type { PipelineResources } from '../kinds/label-run.ts';
import { startOcrPool } from '../ocr/ocr-pool.ts';
import { objectStoreFromEnv } from '../storage/index.ts';

export interface ProcessResources {
  get(): Promise<PipelineResources>;
  close(): Promise<void>;
}

export function processResources(env: NodeJS.ProcessEnv = process.env): ProcessResources {
  let made: Promise<{ resources: PipelineResources; browser: WorkerBrowser }> | undefined;
  const make = async () => {
    const concurrency = parseIntSetting(env.PIPELINE_CONCURRENCY, 'PIPELINE_CONCURRENCY', 4, 1, 64);
    const store = objectStoreFromEnv(env);
    const browser = await launchBrowser({ size: concurrency });
    const crawler = createCrawler({ allowHosts: parseAllowHosts(env.CRAWL_ALLOW_HOSTS) });
    const ocr = startOcrPool({ workers: Math.max(1, Math.min(4, os.availableParallelism())) });
    const resources: PipelineResources = {
      concurrency,
      store,
      ocr,
      withPage: (fn, signal) => browser.withPage(fn, signal),
      open: (page, url, signal) => crawler.open(page, url, signal),
    };
    return { resources, browser };
  };
  return {
    async get() {
      made ??= make();
      made.catch(() => {
        made = undefined; // a failed start (no Chromium, bad settings) is tried again by the next job
      });
      return (await made).resources;
    },
    async close() {
      const current = made ? await made.catch(() => undefined) : undefined;
      made = undefined;
      if (!current) return;
      await current.resources.ocr.stop();
      await current.browser.close();
    },
  };
}
