/** The worksheet names of an .xlsx, in workbook order (chart sheets left out), for the sheet picker. */
import path from 'node:path';
import { ZipArchive } from './spreadsheet-reader.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] ?? whole),
  );

/** Attributes of each `<tag …>` in a small XML part (workbook.xml and its rels are a few KB). */
function tags(xml: string, tag: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const match of xml.matchAll(new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*)>`, 'g'))) {
    const attributes: Record<string, string> = {};
    for (const [, name, , value] of (match[1] ?? '').matchAll(/([\w:]+)\s*=\s*(["'])(.*?)\2/g))
      attributes[name as string] = decode(value ?? '');
    found.push(attributes);
  }
  return found;
}

/** [] for a CSV; for an .xlsx its worksheets. Unreadable files give [] too: reading the rows then says what is wrong. */
export async function workbookSheets(file: string): Promise<string[]> {
  if (path.extname(file).toLowerCase() !== '.xlsx') return [];
  let zip: ZipArchive | undefined;
  try {
    zip = await ZipArchive.open(file);
    const workbook = 'xl/workbook.xml';
    if (!zip.entries.has(workbook)) return [];
    const rels = zip.entries.has('xl/_rels/workbook.xml.rels') ? tags(await zip.text('xl/_rels/workbook.xml.rels'), 'Relationship') : [];
    const worksheetIds = new Set(rels.filter((r) => (r.Type ?? '').endsWith('/worksheet')).map((r) => r.Id));
    return tags(await zip.text(workbook), 'sheet')
      .filter((s) => {
        const id = Object.entries(s).find(([k]) => k.endsWith(':id'))?.[1];
        return rels.length === 0 || (id !== undefined && worksheetIds.has(id));
      })
      .map((s) => s.name ?? '');
  } catch {
    return [];
  } finally {
    await zip?.close();
  }
}
