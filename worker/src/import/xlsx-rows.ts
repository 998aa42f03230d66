/**
 * Rows of one sheet of an .xlsx, streamed with a SAX parser straight from the zip: the workbook and
 * its relationships say where the sheet, shared strings and styles are; shared strings and styles are
 * read first (wherever they sit in the zip), then the sheet row by row. Cells give what Excel shows:
 * strings (shared, inline, rich text joined), numbers, booleans, a formula's cached value, error
 * values as the text Excel shows (#DIV/0!), and Dates for numbers in a date format. Merged cells
 * keep their value in the top-left cell only.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportError } from './import-error.ts';
import type { Cell, SheetRow } from './read-spreadsheet.ts';
import { ZipArchive } from './zip-archive.ts';

interface SheetPart {
  name: string;
  part: string;
}

interface Workbook {
  sheets: SheetPart[];
  sharedStrings: string | undefined;
  styles: string | undefined;
  date1904: boolean;
}

/** Built-in number formats that show a date or time (ECMA-376 18.8.30, with the East Asian ones). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

type PlainOptions = { xmlns: false; position: false };
// no namespace processing, no line tracking: element names are matched without their prefix
const plainParser = () => new SaxesParser<PlainOptions>({ xmlns: false, position: false });

const localName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** A custom format shows a date when, outside quotes and [brackets], it has a date or time letter. */
function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(
    code
      .replace(/\[[^\]]*]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, ''),
  );
}

/** Excel's serial day number → Date: serial 25569 is 1970-01-01; the 1904 date system counts from 1462 days later. */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** Feeds a stream of XML text through a SAX parser, giving the caller whatever it collected per chunk. */
async function* parseXml<T>(stream: AsyncIterable<string>, parser: SaxesParser<PlainOptions>, take: () => T[]): AsyncGenerator<T[]> {
  for await (const chunk of stream) {
    parser.write(chunk);
    const taken = take();
    if (taken.length > 0) yield taken;
  }
  parser.close();
  const rest = take();
  if (rest.length > 0) yield rest;
}

/** Resolves a relationship target against the folder of the part that holds the relationship. */
function resolvePart(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function parseSmall(xml: string, onOpen: (tag: SaxesTagPlain) => void): void {
  const parser = plainParser();
  parser.on('opentag', onOpen);
  parser.write(xml).close();
}

async function relationships(zip: ZipArchive, part: string): Promise<{ type: string; id: string; target: string }[]> {
  const path = relsPathOf(part);
  if (!zip.entries.has(path)) return [];
  const rels: { type: string; id: string; target: string }[] = [];
  parseSmall(await zip.text(path), (tag) => {
    if (localName(tag.name) !== 'Relationship' || tag.attributes.TargetMode === 'External') return;
    rels.push({ type: tag.attributes.Type ?? '', id: tag.attributes.Id ?? '', target: resolvePart(part, tag.attributes.Target ?? '') });
  });
  return rels;
}

async function readWorkbook(zip: ZipArchive): Promise<Workbook> {
  const root = (await relationships(zip, '')).find((r) => r.type.endsWith('/officeDocument'));
  const workbookPart = root?.target ?? 'xl/workbook.xml';
  if (!zip.entries.has(workbookPart)) throw new Error('it has no workbook part');
  const rels = await relationships(zip, workbookPart);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const sheets: SheetPart[] = [];
  let date1904 = false;
  parseSmall(await zip.text(workbookPart), (tag) => {
    const name = localName(tag.name);
    if (name === 'workbookPr') date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
    if (name !== 'sheet') return;
    const idKey = Object.keys(tag.attributes).find((k) => localName(k) === 'id' && k !== 'id');
    const rel = idKey ? byId.get(tag.attributes[idKey] ?? '') : undefined;
    // chart sheets and dialog sheets have no rows
    if (rel?.type.endsWith('/worksheet')) sheets.push({ name: tag.attributes.name ?? '', part: rel.target });
  });
  const partOf = (type: string) => rels.find((r) => r.type.endsWith(type))?.target;
  return { sheets, sharedStrings: partOf('/sharedStrings'), styles: partOf('/styles'), date1904 };
}

/** The worksheet names of an .xlsx in workbook order (chart sheets left out), for a sheet picker. */
export async function xlsxSheetNames(file: string): Promise<string[]> {
  const zip = await ZipArchive.open(file);
  try {
    return (await readWorkbook(zip)).sheets.map((s) => s.name);
  } finally {
    await zip.close();
  }
}

/** Style index → whether cells with it show a date. */
async function readDateStyles(zip: ZipArchive, part: string | undefined): Promise<boolean[]> {
  if (!part || !zip.entries.has(part)) return [];
  const customFormats = new Map<number, string>();
  const dateStyles: boolean[] = [];
  let inCellXfs = false;
  const xfFormats: number[] = [];
  const parser = plainParser();
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'numFmt') customFormats.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) xfFormats.push(Number(tag.attributes.numFmtId ?? 0));
  });
  parser.on('closetag', (tag) => {
    if (localName(tag.name) === 'cellXfs') inCellXfs = false;
  });
  parser.write(await zip.text(part)).close();
  for (const id of xfFormats) {
    const custom = customFormats.get(id);
    dateStyles.push(custom !== undefined ? isDateFormat(custom) : BUILTIN_DATE_FORMATS.has(id));
  }
  return dateStyles;
}

/** Shared strings in order; rich text is joined, phonetic guides (rPh) left out. */
async function readSharedStrings(zip: ZipArchive, part: string | undefined): Promise<string[]> {
  if (!part || !zip.entries.has(part)) return [];
  const strings: string[] = [];
  let text = '';
  let inText = false;
  let inPhonetic = false;
  const parser = plainParser();
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 't') inText = !inPhonetic;
    else if (name === 'rPh') inPhonetic = true;
    else if (name === 'si') text = '';
  });
  parser.on('text', (t) => {
    if (inText) text += t;
  });
  parser.on('cdata', (t) => {
    if (inText) text += t;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') inPhonetic = false;
    else if (name === 'si') strings.push(text);
  });
  for await (const chunk of await zip.textStream(part)) parser.write(chunk);
  parser.close();
  return strings;
}

/** 0-based column of a cell reference like "AB12". */
function columnOf(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return column - 1;
}

function sheetRows(stream: AsyncIterable<string>, strings: string[], dateStyles: boolean[], date1904: boolean): AsyncGenerator<SheetRow[]> {
  const parser = plainParser();
  let ready: SheetRow[] = [];
  let row: SheetRow | null = null;
  let rowNumber = 0;
  // the cell being read
  let column = -1;
  let type: string | undefined;
  let style = 0;
  let hasFormula = false;
  let value: string | null = null;
  let inlineText: string | null = null;
  let collect: 'v' | 't' | null = null;
  let inInline = false;
  let inPhonetic = false;

  const cellValue = (): Cell => {
    if (type === 'inlineStr') return inlineText ?? value;
    if (value === null) return null;
    switch (type) {
      case 's': {
        return strings[Number(value)] ?? null;
      }
      case 'str':
        return value;
      case 'b':
        return value.trim() !== '0' && value.trim().toLowerCase() !== 'false';
      case 'e':
        // the error Excel shows (#DIV/0!, #REF!…), so the import can name it instead of reading an empty cell
        return value.trim() || null;
      case 'd': {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? value : date;
      }
      default: {
        if (value.trim() === '') return null;
        const n = Number(value);
        if (Number.isNaN(n)) return hasFormula ? null : value;
        return dateStyles[style] ? excelDate(n, date1904) : n;
      }
    }
  };

  parser.on('opentag', (tag) => {
    switch (localName(tag.name)) {
      case 'row': {
        const r = tag.attributes.r;
        rowNumber = r === undefined ? rowNumber + 1 : Number(r);
        row = { number: rowNumber, cells: [] };
        column = -1;
        break;
      }
      case 'c': {
        const r = tag.attributes.r;
        column = r === undefined ? column + 1 : columnOf(r);
        type = tag.attributes.t;
        style = tag.attributes.s === undefined ? 0 : Number(tag.attributes.s);
        hasFormula = false;
        value = null;
        inlineText = null;
        break;
      }
      case 'v':
        collect = 'v';
        value = '';
        break;
      case 'f':
        hasFormula = true;
        break;
      case 'is':
        inInline = true;
        inlineText = '';
        break;
      case 'rPh':
        inPhonetic = true;
        break;
      case 't':
        if (inInline && !inPhonetic) collect = 't';
        break;
    }
  });
  const onText = (text: string) => {
    if (collect === 'v') value += text;
    else if (collect === 't') inlineText += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    switch (localName(tag.name)) {
      case 'v':
      case 't':
        collect = null;
        break;
      case 'is':
        inInline = false;
        break;
      case 'rPh':
        inPhonetic = false;
        break;
      case 'c': {
        if (!row || column < 0) break;
        const cell = cellValue();
        if (cell === null) break;
        const { cells } = row;
        while (cells.length < column) cells.push(null);
        cells[column] = cell;
        break;
      }
      case 'row':
        if (row) ready.push(row);
        row = null;
        break;
    }
  });
  return parseXml(stream, parser, () => {
    const taken = ready;
    ready = [];
    return taken;
  });
}

/** Streams the rows of `sheet` (else the first sheet) of the .xlsx at `file`. */
export async function* xlsxRows(file: string, fileName: string, options: { sheet?: string } = {}): AsyncGenerator<SheetRow> {
  const zip = await ZipArchive.open(file);
  try {
    const workbook = await readWorkbook(zip);
    const sheet = options.sheet === undefined ? workbook.sheets[0] : workbook.sheets.find((s) => s.name === options.sheet);
    if (!sheet)
      throw new ImportError(
        options.sheet !== undefined
          ? `${fileName} has no sheet "${options.sheet}"; its sheets are: ${workbook.sheets.map((s) => s.name).join(', ') || '(none)'}.`
          : `${fileName} has no sheets.`,
      );
    if (!zip.entries.has(sheet.part)) throw new Error(`the sheet "${sheet.name}" (${sheet.part}) is missing`);
    const [strings, dateStyles] = await Promise.all([readSharedStrings(zip, workbook.sharedStrings), readDateStyles(zip, workbook.styles)]);
    for await (const rows of sheetRows(await zip.textStream(sheet.part), strings, dateStyles, workbook.date1904)) yield* rows;
  } finally {
    await zip.close();
  }
}
