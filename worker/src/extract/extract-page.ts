/** The extract stage for a loaded page: collect what the page states, turn it into candidates, decide per field. */
import type { Page } from 'playwright-core';
import { collectPageFacts } from './collect-page-facts.ts';
import { decide } from './decide.ts';
import { fromDom } from './dom-candidates.ts';
import type { PageFacts } from './page-facts.ts';
import { fromJsonLd, fromMeta, fromMicrodata } from './structured-data.ts';
import type { Candidate, Extraction } from './types.ts';

export function candidatesFrom(facts: PageFacts): Candidate[] {
  return [...fromJsonLd(facts.jsonLd), ...fromMicrodata(facts.microdata), ...fromMeta(facts.meta), ...fromDom(facts)];
}

export async function extractPage(page: Page, extra: Candidate[] = []): Promise<{ facts: PageFacts; extraction: Extraction }> {
  // Under tsx (esbuild keepNames) the serialised function calls __name(); give the page a no-op one.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  const facts = await page.evaluate(collectPageFacts);
  return { facts, extraction: decide([...candidatesFrom(facts), ...extra]) };
}
