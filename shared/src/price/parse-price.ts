/**
 * Reads a price from real-world text: symbols and ISO codes before or after the number,
 * `1.234,56` and `1,234.56`, spaces and apostrophes as group separators, `12.–`, ranges and
 * "from" (the lower bound), old prices next to the current one (the current one), no currency at
 * all (the hint's, if any). Amounts are decimal strings, never floats.
 */
import { currencyFromHint, ISO_CODES, MARKERS, type Marker, minorUnits } from './currencies.ts';

export interface ParsedPrice {
  /** Decimal string ("1234.56"), or null when the text holds no price. */
  amount: string | null;
  /** ISO 4217 code where the text or hint identifies one, else the symbol as written, else null. */
  currency: string | null;
  /** The part of the text the price was read from ("$12.99"), or null. */
  text: string | null;
}

export interface PriceCandidate {
  amount: string;
  currency: string | null;
  marker: string | null;
  text: string;
  index: number;
  role: 'old' | 'current' | 'from' | null;
}

const OLD =
  /(?:^|[^\p{L}])(was|before|regular(?:ly)?|reg\.?|list price|msrp|rrp|uvp|statt|vorher|bisher|ehemals|avant|au lieu de|prix barr[ée]|antes|prima|compare at|original(?:ly)?(?: price)?)\s*:?\s*$/iu;
const FROM = /(?:^|[^\p{L}])(from|ab|à partir de|a partir de|desde|vanaf|od|starting at|starts at)\s*:?\s*$/iu;
const CURRENT = /(?:^|[^\p{L}])(now|sale|jetzt|nur|only|price|preis|prix|precio|prezzo|cena|our price|deal|special|angebot)\s*:?\s*$/iu;
const UNIT_AFTER =
  /^\s*(%|x\b|×|kg\b|g\b|mg\b|ml\b|cl\b|l\b|cm\b|mm\b|m\b|pcs\b|pc\b|stk\b|st\b|pack\b|gb\b|mb\b|tb\b|w\b|v\b|mah\b|"|in\b|oz\b|lb\b|lbs\b)/i;
const IDENTIFIER_BEFORE = /(?:sku|ean|gtin|upc|isbn|mpn|art(?:ikel)?[.-]?\s*nr\.?|item|model|ref|no\.|nr\.|#)\s*[:#]?\s*$/i;
const RANGE_JOIN = /^\s*(?:-|–|—|~|to|bis|à|a|até)\s*$/i;

/** NFKC, Arabic-Indic digits, every kind of space as " ", apostrophes as "'", dashes as "–". */
export function normalizePriceText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u00a0\u2007\u2009\u200a\u202f\u205f\u3000\t\r\n]/g, ' ')
    .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
    .replace(/[\u2012\u2013\u2014\u2212]/g, '–');
}

interface NumberToken {
  raw: string;
  start: number;
  end: number;
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
const isLetter = (ch: string | undefined) => ch !== undefined && /\p{L}/u.test(ch);

/** Number-looking runs: digits with . , ' or space between groups, optionally ending in ".–" / ",-". */
function scanNumbers(text: string): NumberToken[] {
  const found: NumberToken[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text[i]) || isDigit(text[i - 1])) {
      i++;
      continue;
    }
    const start = i;
    while (isDigit(text[i])) i++;
    for (;;) {
      const sep = text[i];
      if (sep === undefined || !".,' ".includes(sep) || !isDigit(text[i + 1])) break;
      let j = i + 1;
      while (isDigit(text[j])) j++;
      // A space or apostrophe only groups thousands: exactly three digits follow.
      if ((sep === ' ' || sep === "'") && j - (i + 1) !== 3) break;
      i = j;
    }
    if ((text[i] === '.' || text[i] === ',') && (text[i + 1] === '–' || text[i + 1] === '-')) {
      i += 2;
      if (text[i] === '–' || text[i] === '-') i++;
    }
    found.push({ raw: text.slice(start, i), start, end: i });
  }
  return found;
}

/** A currency marker ending right before `at` (spaces allowed between). */
function markerBefore(text: string, at: number): { marker: string; info: Marker; start: number } | undefined {
  const from = Math.max(0, at - 8);
  return matchMarker(text.slice(from, at).replace(/\s+$/, ''), from, 'end');
}

/** A currency marker starting right after `at` (spaces allowed between). */
function markerAfter(text: string, at: number): { marker: string; info: Marker; end: number } | undefined {
  const rest = text.slice(at, at + 10);
  const trimmed = rest.replace(/^\s+/, '');
  const offset = at + rest.length - trimmed.length;
  const hit = matchMarker(trimmed, offset, 'start');
  return hit ? { ...hit, end: hit.start + hit.marker.length } : undefined;
}

function matchMarker(s: string, offset: number, side: 'start' | 'end'): { marker: string; info: Marker; start: number } | undefined {
  const code = side === 'end' ? /(?:^|[^\p{L}])([A-Z]{3})$/u.exec(s) : /^([A-Z]{3})(?![\p{L}])/u.exec(s);
  if (code?.[1] && ISO_CODES.has(code[1])) {
    const start = side === 'end' ? offset + s.length - 3 : offset;
    return { marker: code[1], info: { iso: code[1], ambiguous: false }, start };
  }
  for (const [marker, info] of MARKERS) {
    const wordy = /\p{L}/u.test(marker);
    const candidate = side === 'end' ? s.slice(-marker.length) : s.slice(0, marker.length);
    if (wordy ? candidate.toLowerCase() !== marker.toLowerCase() : candidate !== marker) continue;
    // Letters must stand alone: "kr" in "kr 12", not in "Mark 12".
    if (wordy) {
      const outside = side === 'end' ? s[s.length - marker.length - 1] : s[marker.length];
      const inner = side === 'end' ? marker[0] : marker[marker.length - 1];
      if (isLetter(outside) && isLetter(inner)) continue;
    }
    return { marker: candidate, info, start: side === 'end' ? offset + s.length - marker.length : offset };
  }
  return undefined;
}

/**
 * "1.234,56" → "1234.56" given the currency's minor units; null when it isn't a sane number. With
 * `pad` (a currency is known) whole amounts get the currency's decimals too: "240" → "240.00".
 */
export function parseAmount(raw: string, minor = 2, pad = false): string | null {
  let s = raw.replace(/[.,][–-]{1,2}$/, '');
  s = s.replace(/[ ']/g, '');
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  let integer = s;
  let fraction = '';
  if (dots > 0 && commas > 0) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const at = s.lastIndexOf(decimal);
    integer = s.slice(0, at).replace(/[.,]/g, '');
    fraction = s.slice(at + 1);
  } else if (dots + commas === 1) {
    const at = Math.max(s.indexOf('.'), s.indexOf(','));
    const after = s.slice(at + 1);
    const before = s.slice(0, at);
    // One separator and three digits is a thousands group (1.234 €, $1,234), unless the currency has three decimals or it is 0.xxx.
    const grouping = after.length === 3 && minor !== 3 && before !== '0';
    integer = grouping ? before + after : before;
    fraction = grouping ? '' : after;
  } else if (dots + commas > 1) {
    integer = s.replace(/[.,]/g, '');
  }
  if (!/^\d+$/.test(integer) || (fraction !== '' && !/^\d+$/.test(fraction))) return null;
  integer = integer.replace(/^0+(?=\d)/, '');
  if (fraction === '') return pad && minor > 0 ? `${integer}.${'0'.repeat(minor)}` : integer;
  return `${integer}.${fraction.padEnd(Math.max(minor, 1), '0')}`;
}

/** Every price-like number in the text with its currency marker and role (old, current, from). */
export function findPrices(input: string, hint?: string | null): PriceCandidate[] {
  const text = normalizePriceText(input);
  const hinted = currencyFromHint(hint);
  const candidates: (PriceCandidate & { raw: string })[] = [];
  for (const token of scanNumbers(text)) {
    const before = markerBefore(text, token.start);
    const after = before ? undefined : markerAfter(text, token.end);
    const found = before ?? after;
    // A number glued to letters (SKU123, A4) is not a price unless a marker explains the letters.
    if (!before && isLetter(text[token.start - 1])) continue;
    if (!found && (UNIT_AFTER.test(text.slice(token.end)) || isLetter(text[token.end]) || /^-[\p{L}\d]/u.test(text.slice(token.end))))
      continue;
    if (!found && IDENTIFIER_BEFORE.test(text.slice(Math.max(0, token.start - 20), token.start))) continue;
    if (found && text.slice(token.end).startsWith('%')) continue;
    let currency: string | null = null;
    if (found) {
      const { iso, ambiguous } = found.info;
      currency = ambiguous && hinted ? hinted : (iso ?? found.marker);
    } else currency = hinted;
    const amount = parseAmount(token.raw, minorUnits(currency), currency !== null);
    if (amount === null) continue;
    const textStart = before ? before.start : token.start;
    const textEnd = after ? after.end : token.end;
    const context = text.slice(Math.max(0, textStart - 30), textStart);
    const role = OLD.test(context) ? 'old' : FROM.test(context) ? 'from' : CURRENT.test(context) ? 'current' : null;
    candidates.push({
      amount,
      currency,
      marker: found?.marker ?? null,
      text: text.slice(textStart, textEnd),
      index: textStart,
      role,
      raw: token.raw,
    });
  }
  return shareRangeMarkers(text, candidates);
}

/** "10 – 20 €": the bare first number of a range takes the currency of the second. */
function shareRangeMarkers(text: string, candidates: (PriceCandidate & { raw: string })[]): PriceCandidate[] {
  return candidates
    .map((c, i) => {
      const next = candidates[i + 1];
      if (c.marker !== null || !next?.marker || !RANGE_JOIN.test(text.slice(c.index + c.text.length, next.index))) return c;
      return {
        ...c,
        currency: next.currency,
        marker: next.marker,
        amount: parseAmount(c.raw, minorUnits(next.currency), true) ?? c.amount,
      };
    })
    .map(({ raw: _raw, ...rest }) => rest);
}

/** The one price the text states (see the module comment for how it chooses). */
export function parsePrice(input: string, hint?: string | null): ParsedPrice {
  const all = findPrices(input, hint);
  const marked = all.filter((c) => c.marker !== null);
  let pool = marked.length > 0 ? marked : all;
  const notOld = pool.filter((c) => c.role !== 'old');
  if (notOld.length > 0) pool = notOld;
  const choice = pickOne(input, pool);
  return choice ? { amount: choice.amount, currency: choice.currency, text: choice.text } : { amount: null, currency: null, text: null };
}

function pickOne(input: string, pool: PriceCandidate[]): PriceCandidate | undefined {
  const [first, second] = pool;
  if (!first) return undefined;
  const labelled = pool.find((c) => c.role === 'current' || c.role === 'from');
  if (labelled) return labelled;
  if (!second) return first;
  const text = normalizePriceText(input);
  const between = text.slice(first.index + first.text.length, second.index);
  // "10 – 20 €", "$10 to $20": a range states its lower bound.
  if (RANGE_JOIN.test(between)) return first;
  // Two prices in one currency and nothing said: the lower is the current one (a sale next to the old price).
  if (pool.length === 2 && first.currency === second.currency) return Number(second.amount) < Number(first.amount) ? second : first;
  return first;
}
