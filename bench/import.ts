/**
 * Import speed and memory: a 100,000-row .xlsx (written with exceljs' streaming writer, in a child
 * process) imported into a fresh Postgres through the same code as `tagwright import`. Prints one
 * JSON line with the seconds and the peak RSS of this process while importing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { connect } from '../shared/src/db.ts';
import { buildTemplates, startTestPostgres } from '../stack/src/testing/test-postgres.ts';
import { importProducts } from '../worker/src/import/index.ts';

const rows = Number(process.env.BENCH_ROWS ?? 100_000);

/** Writes the benchmark's workbook; run in a child process so its memory is not counted as the import's. */
async function writeWorkbook(file: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = writer.addWorksheet('Products');
  sheet.addRow(['SKU', 'Name', 'Price', 'Currency', 'EAN', 'URL', 'Color']).commit();
  for (let i = 0; i < rows; i++) {
    const body = String(400638133393 + i).padStart(12, '0');
    let sum = 0;
    for (let k = 0; k < 12; k++) sum += Number(body[11 - k]) * (k % 2 === 0 ? 3 : 1);
    sheet
      .addRow([
        `SKU-${i}`,
        `Product number ${i}`,
        (i % 5000) / 100 + 0.99,
        'EUR',
        `${body}${(10 - (sum % 10)) % 10}`,
        `https://shop.example/p/${i}`,
        i % 2 ? 'red' : 'blue',
      ])
      .commit();
  }
  await writer.commit();
}

if (process.argv[2] === '--write') {
  await writeWorkbook(process.argv[3] ?? '');
  process.exit(0);
}

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-bench-import-'));
await fs.chmod(root, 0o755);
const file = path.join(root, 'products.xlsx');
execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--write', file], { stdio: 'inherit' });

const db = await startTestPostgres((await buildTemplates(path.join(root, 'pg'))).migrated);
const sql = connect(db.url, { max: 4 });
const [ws] = await sql<{ id: string }[]>`insert into workspaces (name) values ('Bench') returning id`;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const started = performance.now();
const summary = await importProducts({ sql, workspaceId: ws?.id ?? '', file });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
if (summary.imported !== rows) throw new Error(`imported ${summary.imported} of ${rows} rows (${summary.errors} errors)`);
console.log(
  JSON.stringify({
    bench: 'import',
    rows,
    seconds: Number(seconds.toFixed(2)),
    peak_rss_mb: Math.round(peak / 1024 / 1024),
    file_mb: Number(((await fs.stat(file)).size / 1e6).toFixed(1)),
  }),
);
await sql.end();
await db.stop();
await fs.rm(root, { recursive: true, force: true });
