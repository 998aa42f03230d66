/// <reference lib="dom" />
/**
 * Runs inside the page (page.evaluate): reads structured data, meta tags, headings, price-looking
 * elements with their position, size and strike-through, label/value pairs and stock texts. It is
 * serialised into the page, so it may use nothing from outside its own body.
 */
import type { PageFacts } from './page-facts.ts';

export function collectPageFacts(): PageFacts {
  const CURRENCY =
    /(?:[$€£¥₹₽₴₩₺₪฿₫₱₦]|\b(?:USD|EUR|GBP|CHF|JPY|CNY|SEK|NOK|DKK|PLN|CZK|HUF|RON|BGN|RUB|UAH|TRY|INR|BRL|MXN|CAD|AUD|NZD|HKD|SGD|ZAR|AED)\b|zł|Kč|kr\.?|Ft|руб|lei|Fr\.)/i;
  const NUMBER = /\d/;
  const OLD_CLASS = /(^|[-_\s])(old|was|regular|strike|strikethrough|compare|crossed|before|list|rrp|uvp|msrp|original)([-_\s]|$)/i;
  const PRICE_CLASS = /price|preis|prix|precio|prezzo|cena|amount/i;
  // Prices of other products: recommendations, carousels, footers, navigation.
  const ELSEWHERE =
    /related|recommend|also[-_\s]?(bought|viewed|like)|upsell|cross[-_\s]?sell|carousel|similar|you[-_\s]may|footer|newsletter|cart[-_\s]?drawer|minicart/i;
  const elsewhere = (el: Element): boolean => {
    for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
      const tag = node.tagName.toLowerCase();
      if (tag === 'footer' || tag === 'nav' || tag === 'aside') return true;
      if (ELSEWHERE.test(`${node.getAttribute('class') ?? ''} ${node.id} ${node.getAttribute('aria-label') ?? ''}`)) return true;
      const heading = node.querySelector(':scope > h2, :scope > h3');
      if (heading && /also bought|related|recommended|you may also|similar|customers also/i.test(heading.textContent ?? '')) return true;
    }
    return false;
  };
  const STOCK =
    /\b(in stock|out of stock|sold out|available|unavailable|auf lager|lieferbar|ausverkauft|nicht verfügbar|nicht lieferbar|en stock|rupture de stock|épuisé|disponible|agotado|esaurito|disponibile|niedostępny|dostępny|skladem|vyprodáno)\b/i;

  const box = (el: Element) => {
    const r = el.getBoundingClientRect();
    return {
      x: Math.round(r.x + window.scrollX),
      y: Math.round(r.y + window.scrollY),
      width: Math.round(r.width),
      height: Math.round(r.height),
    };
  };
  const visible = (el: Element) => {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0.05 && r.width > 0 && r.height > 0;
  };
  const selectorOf = (el: Element): string => {
    const parts: string[] = [];
    let node: Element | null = el;
    while (node && node !== document.documentElement && parts.length < 6) {
      if (node.id) {
        parts.unshift(`#${CSS.escape(node.id)}`);
        break;
      }
      const parent: Element | null = node.parentElement;
      const tag = node.tagName.toLowerCase();
      const same = parent ? [...parent.children].filter((c) => c.tagName === node?.tagName) : [];
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
      node = parent;
    }
    return parts.join(' > ');
  };
  const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  // The text as rendered (hidden parts left out, line breaks where the layout puts them), which is what a shopper reads.
  // biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point here
  const rendered = (el: Element): string => clean((el as HTMLElement).innerText ?? el.textContent);
  const struck = (el: Element): boolean => {
    for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
      const tag = node.tagName.toLowerCase();
      if (tag === 'del' || tag === 's' || tag === 'strike') return true;
      if (getComputedStyle(node).textDecorationLine.includes('line-through')) return true;
      const cls = `${node.getAttribute('class') ?? ''} ${node.id}`;
      if (OLD_CLASS.test(cls)) return true;
    }
    return false;
  };

  const jsonLd = [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent ?? '');

  const microdata: PageFacts['microdata'] = [];
  for (const scope of document.querySelectorAll('[itemscope][itemtype]')) {
    if (scope.parentElement?.closest('[itemscope]')) continue;
    const props: Record<string, string[]> = {};
    const walk = (root: Element, prefix: string) => {
      for (const el of root.querySelectorAll('[itemprop]')) {
        if (el.parentElement?.closest('[itemscope]') !== root) continue;
        const name = `${prefix}${el.getAttribute('itemprop')}`;
        if (el.hasAttribute('itemscope')) {
          walk(el, `${name}.`);
          continue;
        }
        const value =
          el.getAttribute('content') ??
          el.getAttribute('href') ??
          el.getAttribute('src') ??
          el.getAttribute('value') ??
          clean(el.textContent);
        props[name] = [...(props[name] ?? []), value];
      }
    };
    walk(scope, '');
    microdata.push({ type: scope.getAttribute('itemtype') ?? '', props });
  }

  const meta = [...document.querySelectorAll('meta[content]')]
    .map((m) => ({
      key: (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? '').toLowerCase(),
      content: m.getAttribute('content') ?? '',
    }))
    .filter((m) => m.key !== '');

  const headings = [...document.querySelectorAll('h1, h2')]
    .filter(visible)
    .slice(0, 8)
    .map((h) => ({ text: clean(h.textContent), box: box(h), selector: selectorOf(h) }));

  // Price-looking elements: the smallest element whose text has a digit and a currency, or that is classed as a price.
  const prices: PageFacts['prices'] = [];
  const seen = new Set<Element>();
  for (const el of document.body.querySelectorAll('*')) {
    if (prices.length >= 60) break;
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'SVG', 'OPTION'].includes(el.tagName)) continue;
    const text = rendered(el);
    if (text.length === 0 || text.length > 60 || !NUMBER.test(text)) continue;
    const cls = `${el.getAttribute('class') ?? ''} ${el.id} ${el.getAttribute('itemprop') ?? ''} ${el.getAttribute('data-testid') ?? ''}`;
    const labelled = PRICE_CLASS.test(cls);
    if (!labelled && !CURRENCY.test(text)) continue;
    // Keep the innermost such element: a child that holds the whole text replaces its parent.
    const inner = [...el.children].some((c) => rendered(c) === text);
    if (inner || !visible(el) || elsewhere(el)) continue;
    for (let p = el.parentElement; p; p = p.parentElement) if (seen.has(p)) seen.delete(p);
    seen.add(el);
    const around = el.parentElement ? rendered(el.parentElement) : '';
    prices.push({
      text,
      box: box(el),
      selector: selectorOf(el),
      fontSize: Number.parseFloat(getComputedStyle(el).fontSize) || 0,
      old: struck(el),
      labelled,
      currencyNearby: CURRENCY.exec(around)?.[0] ?? null,
    });
  }

  const labelled: PageFacts['labelled'] = [];
  const LABEL =
    /(^|\s)(sku|art(?:ikel)?[.\s-]*(?:nr|no|nummer)\.?|item(?: no\.?| number| #| code)?|product (?:code|id|no\.?)|model(?: no\.?)?|mpn|ref(?:erence)?\.?|ean(?:[-\s]?13)?|gtin(?:[-\s]?\d+)?|upc(?:\/ean)?|ean\/upc|jan|barcode|isbn|réf(?:érence)?\.?|código|codice)\s*[:#]?$/i;
  for (const row of document.querySelectorAll('tr, dl > div, li, p, span, div')) {
    if (labelled.length >= 40) break;
    const cells = row.tagName === 'TR' ? [...row.querySelectorAll('th, td')] : [];
    if (cells.length === 2) {
      const label = clean(cells[0]?.textContent);
      if (LABEL.test(label)) labelled.push({ label, value: clean(cells[1]?.textContent), selector: selectorOf(row) });
      continue;
    }
    if (row.children.length > 3) continue;
    // One line may hold several pairs: "Item #: HP-900 · UPC/EAN: 0737961000120", "Reference W-1848 · EAN 761…".
    for (const segment of rendered(row).split(/\s+[·|•]\s+|;\s+|\s{2,}/)) {
      const m = /^(.{2,30}?)\s*[:#]?\s+([A-Za-z0-9][A-Za-z0-9._/-]{1,40})$/.exec(segment.trim());
      if (m?.[1] && m[2] && LABEL.test(m[1].trim())) labelled.push({ label: m[1].trim(), value: m[2].trim(), selector: selectorOf(row) });
    }
  }
  for (const dt of document.querySelectorAll('dt')) {
    const label = clean(dt.textContent);
    const dd = dt.nextElementSibling;
    if (dd?.tagName === 'DD' && LABEL.test(label)) labelled.push({ label, value: clean(dd.textContent), selector: selectorOf(dd) });
  }

  const stockTexts: PageFacts['stockTexts'] = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (stockTexts.length >= 10) break;
    if (el.children.length > 2) continue;
    const text = rendered(el);
    if (text.length > 0 && text.length <= 40 && STOCK.test(text) && visible(el)) stockTexts.push({ text, selector: selectorOf(el) });
  }

  const images = [...document.querySelectorAll('img, picture, canvas, svg')]
    .filter((img) => visible(img) && !elsewhere(img))
    .map((img) => ({ box: box(img), selector: selectorOf(img) }))
    .filter(({ box: b }) => b.width >= 60 && b.height >= 20 && b.width <= 900 && b.height <= 500 && b.y < window.innerHeight * 1.5)
    .slice(0, 6);

  return {
    url: location.href,
    images,
    title: document.title,
    headings,
    jsonLd,
    microdata,
    meta,
    prices,
    labelled,
    stockTexts,
    viewport: { width: window.innerWidth, height: window.innerHeight },
  };
}
