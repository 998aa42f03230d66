/**
 * OCR with tesseract.js, offline: English LSTM data from the @tesseract.js-data/eng package (never
 * a CDN), a pool of one worker per core, started on first use and reused across jobs; each image
 * is read with the page layout that suits it (one line for crops, sparse text for screenshots).
 * Tagwright OCRs regions (price and name crops) rather than whole pages: a crop takes ~0.2 s.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Tesseract from 'tesseract.js';
import type { Box } from '../extract/types.ts';

export interface OcrWord {
  text: string;
  /** 0–100, as tesseract reports it. */
  confidence: number;
  box: Box;
}

export interface OcrResult {
  text: string;
  confidence: number;
  words: OcrWord[];
  durationMs: number;
}

/** `line` reads one line of text (a price crop, a price picture with a frame); `sparse` finds scattered text (screenshots). */
export type OcrLayout = 'line' | 'sparse';

export interface OcrPool {
  readonly size: number;
  /** Reads a PNG/JPEG. Rejects with the abort reason if `signal` fires first (the engine finishes that image in the background). */
  recognize(image: Buffer, signal?: AbortSignal, layout?: OcrLayout): Promise<OcrResult>;
  stop(): Promise<void>;
}

export class OcrError extends Error {
  override readonly name = 'OcrError';
}

const require = createRequire(import.meta.url);
/** Where the language data lives: inside the npm package, so nothing is fetched at run time. */
export function englishDataPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

interface PooledWorker {
  worker: Tesseract.Worker;
  layout: OcrLayout | undefined;
}

const PSM: Record<OcrLayout, Tesseract.PSM> = { line: Tesseract.PSM.SINGLE_LINE, sparse: Tesseract.PSM.SPARSE_TEXT };

export function startOcrPool(options: { workers?: number; log?: (line: string) => void } = {}): OcrPool {
  const size = Math.max(1, options.workers ?? os.availableParallelism());
  const log = options.log ?? (() => {});
  let ready: Promise<PooledWorker[]> | undefined;
  let failure: Error | undefined;
  const idle: PooledWorker[] = [];
  const waiting: ((w: PooledWorker) => void)[] = [];

  const start = async () => {
    const workers = await Promise.all(
      Array.from({ length: size }, () =>
        Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
          langPath: englishDataPath(),
          gzip: true,
          cacheMethod: 'none',
          // Without a handler a worker error would be thrown from inside tesseract and end the process.
          errorHandler: (error: unknown) => {
            failure = new OcrError(`OCR engine failed: ${String(error)}`);
            log(failure.message);
          },
        }),
      ),
    );
    const pooled = workers.map((worker) => ({ worker, layout: undefined }));
    idle.push(...pooled);
    return pooled;
  };
  const acquire = () =>
    new Promise<PooledWorker>((resolve) => (idle.length > 0 ? resolve(idle.pop() as PooledWorker) : waiting.push(resolve)));
  const release = (w: PooledWorker) => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };

  const read = async (image: Buffer, layout: OcrLayout) => {
    const pooled = await acquire();
    try {
      if (pooled.layout !== layout) {
        await pooled.worker.setParameters({ tessedit_pageseg_mode: PSM[layout] });
        pooled.layout = layout;
      }
      return await pooled.worker.recognize(image, {}, { text: true, blocks: true });
    } finally {
      release(pooled);
    }
  };

  return {
    size,
    async recognize(image, signal, layout = 'sparse') {
      signal?.throwIfAborted();
      ready ??= start();
      await ready;
      if (failure) throw failure;
      signal?.throwIfAborted();
      const started = performance.now();
      const job = read(image, layout);
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        if (!signal) return;
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      const { data } = await Promise.race([job, aborted]).finally(() => {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      });
      // An aborted job still settles later; its result is no longer wanted, but a failure is still said.
      job.catch((error: unknown) => log(`OCR of an abandoned image failed: ${String(error)}`));
      const words: OcrWord[] = [];
      for (const block of data.blocks ?? [])
        for (const paragraph of block.paragraphs)
          for (const line of paragraph.lines)
            for (const word of line.words)
              words.push({
                text: word.text,
                confidence: Math.round(word.confidence * 10) / 10,
                box: { x: word.bbox.x0, y: word.bbox.y0, width: word.bbox.x1 - word.bbox.x0, height: word.bbox.y1 - word.bbox.y0 },
              });
      return {
        text: data.text.trim(),
        confidence: Math.round(data.confidence * 10) / 10,
        words,
        durationMs: Math.round(performance.now() - started),
      };
    },
    async stop() {
      if (!ready) return;
      const workers = await ready.catch(() => [] as PooledWorker[]);
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
