/**
 * Render speed: PNG labels per second (the shelf price tag starter at 300 dpi, every label a
 * different product, one thread per core as a worker machine would use them), and the seconds to
 * write a 10,000-label N-up sheet PDF (Avery L7160, 477 pages) to disk. Prints one JSON line.
 * Settings: BENCH_PNGS (default 2000), BENCH_SHEET_LABELS (default 10000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { findStock, type SheetStock } from '../shared/src/index.ts';
import { layoutLabel } from '../worker/src/render/layout.ts';
import { renderLabelPng } from '../worker/src/render/png.ts';
import { writeSheetPdf } from '../worker/src/render/sheet.ts';
import { benchProduct, benchTemplate } from './render-labels.ts';

const pngs = Number(process.env.BENCH_PNGS ?? 2000);
const sheetLabels = Number(process.env.BENCH_SHEET_LABELS ?? 10_000);
const threads = os.availableParallelism();

// warm up: fonts, glyph cache, JIT
for (let i = 0; i < 50; i++) await renderLabelPng(layoutLabel(benchTemplate, benchProduct(i)));

let started = performance.now();
for (let i = 0; i < 300; i++) await renderLabelPng(layoutLabel(benchTemplate, benchProduct(i)));
const oneThread = 300 / ((performance.now() - started) / 1000);

started = performance.now();
const per = Math.ceil(pngs / threads);
const results = await Promise.all(
  Array.from({ length: threads }, (_, t) => {
    // the thread loads TypeScript through tsx's loader, as this process does
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./render-thread.ts', import.meta.url).href)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { from: t * per, to: Math.min(pngs, (t + 1) * per) } });
    return new Promise<{ bytes: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  }),
);
const pngSeconds = (performance.now() - started) / 1000;
const pngBytes = results.reduce((sum, r) => sum + r.bytes, 0);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagwright-bench-render-'));
const file = path.join(dir, 'sheet.pdf');
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
started = performance.now();
function* drawings() {
  for (let i = 0; i < sheetLabels; i++) yield layoutLabel(benchTemplate, benchProduct(i));
}
const sheet = await writeSheetPdf(drawings(), { stock: findStock('avery-l7160') as SheetStock }, fs.createWriteStream(file));
const sheetSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const sheetMb = fs.statSync(file).size / 1e6;
fs.rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: 'render',
    png_per_s: Math.round(pngs / pngSeconds),
    png_per_s_one_thread: Math.round(oneThread),
    threads,
    png_kb: Math.round(pngBytes / pngs / 1024),
    sheet_pdf_10k_s: Number(sheetSeconds.toFixed(2)),
    sheet_labels: sheet.labels,
    sheet_pages: sheet.pages,
    sheet_mb: Number(sheetMb.toFixed(1)),
    peak_rss_mb: Math.round(peak / 1024 / 1024),
  }),
);
