/** One render bench thread: renders the PNGs for the label numbers it is given and reports the bytes. */
import { parentPort, workerData } from 'node:worker_threads';
import { layoutLabel } from '../worker/src/render/layout.ts';
import { renderLabelPng } from '../worker/src/render/png.ts';
import { benchProduct, benchTemplate } from './render-labels.ts';

const { from, to } = workerData as { from: number; to: number };
let bytes = 0;
for (let i = from; i < to; i++) bytes += (await renderLabelPng(layoutLabel(benchTemplate, benchProduct(i)))).length;
parentPort?.postMessage({ bytes });
