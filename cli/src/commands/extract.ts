/**
 * `tagwright extract <url>... [--ocr] [--screenshots DIR]`: what the pipeline reads off product
 * pages, for debugging a shop: one browser for all URLs, the same SSRF guard (CRAWL_ALLOW_HOSTS)
 * and extraction as the worker, one JSON object per URL per line. A URL that fails gets
 * {"url","error"} and the exit code is 1.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  type Candidate,
  createCrawler,
  decide,
  type Extraction,
  extractPage,
  launchBrowser,
  type OcrPool,
  ocrPriceCandidates,
  ocrTargets,
  parseAllowHosts,
  startOcrPool,
} from '@tagwright/worker';
import type { Command } from '../main.ts';
import { parseFlags } from '../options.ts';
import { UsageError } from '../usage-error.ts';

export const extractCommand: Command = {
  usage: 'extract <url>... [--ocr] [--screenshots DIR]',
  summary: 'Open product pages and print what was read (name, price, SKU, GTIN, availability, sources) as one JSON line per URL.',
  async run(args) {
    const { values, positionals } = parseFlags(args, { ocr: { type: 'boolean' }, screenshots: { type: 'string' } }, { positionals: true });
    if (positionals.length === 0) throw new UsageError('give at least one product page URL');
    for (const url of positionals) if (!/^https?:\/\//i.test(url)) throw new UsageError(`"${url}" is not an http(s) URL`);
    const dir = values.screenshots ? path.resolve(values.screenshots) : undefined;
    if (dir) await fs.mkdir(dir, { recursive: true });

    const browser = await launchBrowser({ size: 2 });
    const crawler = createCrawler({ allowHosts: parseAllowHosts(process.env.CRAWL_ALLOW_HOSTS) });
    const ocr: OcrPool | undefined = values.ocr ? startOcrPool({ workers: 1 }) : undefined;
    let failed = 0;
    try {
      for (const [index, url] of positionals.entries()) {
        try {
          const line = await browser.withPage(async (page) => {
            const crawled = await crawler.open(page, url);
            const read = await extractPage(page);
            let { extraction } = read;
            const shot = dir ? await page.screenshot({ type: 'png' }) : undefined;
            if (dir && shot) {
              const base = path.join(dir, `${String(index + 1).padStart(3, '0')}-${new URL(url).hostname}`);
              await fs.writeFile(`${base}-viewport.png`, shot);
              await fs.writeFile(`${base}-full.png`, await page.screenshot({ type: 'png', fullPage: true }));
            }
            if (ocr) {
              const fromOcr: Candidate[] = [];
              for (const target of ocrTargets(read.facts, extraction)) {
                const image = await page.screenshot({ type: 'png', fullPage: true, clip: target.box });
                fromOcr.push(...ocrPriceCandidates(await ocr.recognize(image, undefined, target.layout), target.box, target.name));
              }
              extraction = decide([...extraction.candidates, ...fromOcr]);
            }
            return { ...describe(url, extraction), final_url: crawled.finalUrl, status: crawled.status };
          });
          console.log(JSON.stringify(line));
        } catch (error) {
          failed++;
          console.log(JSON.stringify({ url, error: error instanceof Error ? error.message : String(error) }));
        }
      }
    } finally {
      await ocr?.stop();
      await browser.close();
    }
    return failed > 0 ? 1 : 0;
  },
};

function describe(url: string, e: Extraction) {
  const sources: Record<string, string> = {};
  for (const field of ['name', 'price', 'sku', 'gtin', 'availability'] as const) {
    const chosen = e[field];
    if (chosen) sources[field] = chosen.source;
  }
  return {
    url,
    name: e.name?.value ?? null,
    price: e.price ? { amount: e.price.price.amount, currency: e.price.price.currency, text: e.price.price.text } : null,
    sku: e.sku?.value ?? null,
    gtin: e.gtin?.value ?? null,
    availability: e.availability?.value ?? null,
    sources,
  };
}
