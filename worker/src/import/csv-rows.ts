/**
 * Streams rows out of a CSV file: quoted fields with doubled quotes and line breaks, a delimiter
 * detected from the first line (, ; tab |), a UTF-8 BOM dropped, UTF-16 refused with a clear message.
 */
import fs from 'node:fs';
import { ImportError } from './import-error.ts';

export function detectDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]?.[1] ? (counts[0]?.[0] ?? ',') : ',';
}

export async function* csvRows(file: string): AsyncGenerator<string[]> {
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let delimiter: string | undefined;
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let pendingQuote = false;
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = chunk;
    if (first) {
      first = false;
      if (text.startsWith('\ufeff')) text = text.slice(1);
      if (text.includes('\u0000')) throw new ImportError('The CSV file is UTF-16 or binary; save it as CSV UTF-8 and import again.');
    }
    delimiter ??= detectDelimiter(text.split(/\r?\n/, 1)[0] ?? '');
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (pendingQuote) {
        pendingQuote = false;
        if (ch === '"') {
          field += '"';
          continue;
        }
        quoted = false;
      }
      if (quoted) {
        if (ch === '"') pendingQuote = true;
        else field += ch;
        continue;
      }
      if (ch === '"' && field === '') quoted = true;
      else if (ch === delimiter) {
        row.push(field);
        field = '';
      } else if (ch === '\n') {
        row.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        yield row;
        row = [];
        field = '';
      } else field += ch;
    }
  }
  if (quoted && !pendingQuote) throw new ImportError('The CSV file ends inside a quoted field; check for a missing closing quote.');
  if (field !== '' || row.length > 0) {
    row.push(field.endsWith('\r') ? field.slice(0, -1) : field);
    yield row;
  }
}
