/**
 * The .xlsx reader on workbooks as different tools write them: Excel's layout (shared strings after
 * the sheet, dates as formatted numbers), inline strings, prefixed XML, uncompressed zips, and a file
 * cut short. Cells must come out as the spreadsheet shows them.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeXlsxByHand } from '../../../tests/import/xlsx-by-hand.ts';
import { readSpreadsheet, type SheetRow } from './read-spreadsheet.ts';
import { ZipArchive } from './zip-archive.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-xlsx-rows-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function rows(file: string, sheet?: string): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const row of readSpreadsheet(file, { sheet })) out.push(row);
  return out;
}

/** A zip with entries stored uncompressed, in the order given. */
function storedZip(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(zlib.crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(10, 4);
    header.writeUInt16LE(10, 6);
    header.writeUInt32LE(zlib.crc32(data), 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, data);
    central.push(header, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

test('a workbook laid out as Excel writes it (shared strings after the sheet) reads as the sheet shows', async () => {
  const file = path.join(dir, 'excel-like.xlsx');
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet('Produkte');
  sheet.addRow(['SKU', 'Name', 'Price', 'Since', 'Active', 'Total']).commit();
  const second = sheet.addRow([
    'A-1',
    { richText: [{ text: 'Hafer' }, { text: 'milch', font: { bold: true } }] },
    2.49,
    new Date(Date.UTC(2024, 2, 5)),
    true,
    { formula: 'C2*2', result: 4.98 },
  ]);
  second.getCell(3).numFmt = '#,##0.00 "€"';
  second.getCell(4).numFmt = 'dd.mm.yyyy';
  second.commit();
  sheet
    .addRow(['A-2', 'Becher', { formula: 'NA()', result: { error: '#N/A' } }, null, false, { formula: 'B3&"!"', result: 'Becher!' }])
    .commit();
  await writer.commit();

  const zip = await ZipArchive.open(file);
  const order = [...zip.entries.keys()];
  await zip.close();
  expect(order.indexOf('xl/sharedStrings.xml')).toBeGreaterThan(order.indexOf('xl/worksheets/sheet1.xml'));

  expect(await rows(file)).toEqual([
    { number: 1, cells: ['SKU', 'Name', 'Price', 'Since', 'Active', 'Total'] },
    { number: 2, cells: ['A-1', 'Hafermilch', 2.49, new Date(Date.UTC(2024, 2, 5)), true, 4.98] },
    // an error value reads as Excel shows it, so the import can report it instead of taking an empty cell
    { number: 3, cells: ['A-2', 'Becher', '#N/A', null, false, 'Becher!'] },
  ]);
});

test('inline strings and cached formula values from a workbook written by hand; the sheet is found by name', async () => {
  const file = path.join(dir, 'by-hand.xlsx');
  await writeXlsxByHand(file, {
    Notes: [['nothing here']],
    Products: [['SKU', 'Price'], ['B-1', { formula: 'A1*0+3.5', cached: 3.5 }], [], [null, 7]],
  });
  expect(await rows(file, 'Products')).toEqual([
    { number: 1, cells: ['SKU', 'Price'] },
    { number: 2, cells: ['B-1', 3.5] },
    { number: 3, cells: [] },
    { number: 4, cells: [null, 7] },
  ]);
  expect(await rows(file)).toEqual([{ number: 1, cells: ['nothing here'] }]);
});

test('other writers: prefixed XML, rich inline text, cells without references, uncompressed zip, 1904 dates', async () => {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const file = path.join(dir, 'other-writer.xlsx');
  await fs.writeFile(
    file,
    storedZip({
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${rel}/officeDocument" Target="/book/main.xml"/></Relationships>`,
      'book/_rels/main.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s" Type="${rel}/worksheet" Target="sheets/data.xml"/><Relationship Id="st" Type="${rel}/styles" Target="look.xml"/></Relationships>`,
      'book/main.xml': `<x:workbook xmlns:x="${main}" xmlns:r="${rel}"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Data &amp; more" sheetId="1" r:id="s"/></x:sheets></x:workbook>`,
      'book/look.xml': `<x:styleSheet xmlns:x="${main}"><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="[$-407]d/m/yyyy"/></x:numFmts><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="164"/></x:cellXfs></x:styleSheet>`,
      'book/sheets/data.xml': `<x:worksheet xmlns:x="${main}"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:r><x:t>Ta</x:t></x:r><x:r><x:t xml:space="preserve">b &lt;1&gt;</x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c><x:c s="1"><x:v>0</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>Tab &lt;1&gt;</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    }),
  );
  expect(await rows(file, 'Data & more')).toEqual([{ number: 1, cells: ['Tab <1>', new Date(Date.UTC(1904, 0, 1)), 'Tab <1>'] }]);
});

test('a file cut short (an interrupted download) fails with a clear error', async () => {
  const whole = path.join(dir, 'whole.xlsx');
  await writeXlsxByHand(whole, { Products: [['SKU'], ['A-1']] });
  const cut = path.join(dir, 'cut.xlsx');
  await fs.writeFile(cut, (await fs.readFile(whole)).subarray(0, 300));
  await expect(rows(cut)).rejects.toThrow(/cut\.xlsx could not be read as \.xlsx .*save it again and retry/);
});
