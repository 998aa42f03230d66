/**
 * How well a page's product name agrees with the spreadsheet's, 0–1, by tokens: accents, case and
 * punctuation ignored, units glued or not ("500ml" = "500 ml"), near-typos in long words forgiven.
 * It measures how much of the spreadsheet name the page states, since pages add brand and shop words.
 */

const STOP = new Set([
  'the',
  'a',
  'an',
  'and',
  'of',
  'for',
  'with',
  'der',
  'die',
  'das',
  'und',
  'le',
  'la',
  'les',
  'et',
  'de',
  'du',
  'des',
  'el',
  'y',
]);

export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '' && !STOP.has(t));
}

/** Edit distance, stopping early once it exceeds `max`. */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return false;
    previous = current;
  }
  return (previous[b.length] ?? max + 1) <= max;
}

function tokenScore(token: string, others: string[]): number {
  if (others.includes(token)) return 1;
  // Numbers must be exact: 500 ml is not 750 ml.
  if (/^\d+$/.test(token)) return 0;
  if (token.length >= 5 && others.some((o) => withinEdits(token, o, 1))) return 0.8;
  if (token.length >= 4 && others.some((o) => o.length >= 4 && (o.startsWith(token) || token.startsWith(o)))) return 0.7;
  return 0;
}

/** 0–1: the share of the expected name's tokens the page name states (with the other direction as a tie-breaker). */
export function nameSimilarity(expected: string, found: string): number {
  const a = nameTokens(expected);
  const b = nameTokens(found);
  if (a.length === 0 || b.length === 0) return 0;
  const covered = a.reduce((sum, t) => sum + tokenScore(t, b), 0) / a.length;
  const precise = b.reduce((sum, t) => sum + tokenScore(t, a), 0) / b.length;
  return Math.round((0.85 * covered + 0.15 * precise) * 1000) / 1000;
}
