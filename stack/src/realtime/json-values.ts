/**
 * Postgres text values → the JSON values Supabase Realtime sends (what to_jsonb gives): numbers,
 * booleans, parsed json/jsonb, arrays as JSON arrays, timestamps in ISO form; the rest stay strings.
 */

const NUMBERS = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);

export function toJsonValue(type: string, text: string | null): unknown {
  if (text === null) return null;
  if (type.startsWith('_')) return parseArray(text, type.slice(1));
  if (NUMBERS.has(type)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text; // NaN and Infinity stay text, as to_jsonb gives them
  }
  switch (type) {
    case 'bool':
      return text === 't' || text === 'true';
    case 'json':
    case 'jsonb':
      return JSON.parse(text);
    case 'timestamptz':
      return isoTimestamp(text, true);
    case 'timestamp':
      return isoTimestamp(text, false);
    default:
      return text;
  }
}

export function toJsonRow(row: Record<string, string | null>, types: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) out[name] = toJsonValue(types[name] ?? 'text', value);
  return out;
}

/** "2026-11-26 10:11:12.5+01" → "2026-11-26T10:11:12.5+01:00" (infinity and BC dates stay as they are). */
function isoTimestamp(text: string, withZone: boolean): string {
  const match = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})?(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (!match) return text;
  const [, date, time, hours, minutes = '00', seconds] = match;
  if (!withZone || !hours) return `${date}T${time}`;
  return `${date}T${time}${hours}:${minutes}${seconds ? `:${seconds}` : ''}`;
}

/** Parses a Postgres array literal like {1,2}, {a,"b c",NULL} or {{1,2},{3,4}}. */
export function parseArray(text: string, elementType: string): unknown {
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0; // skip [1:2]= dimension decoration
  const parse = (): unknown[] => {
    if (text[i] !== '{') throw new Error(`not an array literal: ${text.slice(0, 40)}`);
    i++;
    const items: unknown[] = [];
    while (i < text.length && text[i] !== '}') {
      if (text[i] === '{') items.push(parse());
      else if (text[i] === '"') {
        let value = '';
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          value += text[i];
          i++;
        }
        i++;
        items.push(toJsonValue(elementType, value));
      } else {
        const start = i;
        while (i < text.length && text[i] !== ',' && text[i] !== '}') i++;
        const raw = text.slice(start, i).trim();
        items.push(raw.toUpperCase() === 'NULL' ? null : toJsonValue(elementType, raw));
      }
      if (text[i] === ',') i++;
    }
    i++;
    return items;
  };
  return parse();
}
