/**
 * The render stage of label_run. Per item: decide by policy whether and how the label prints
 * (all / verified only / all with unconfirmed ones marked), lay it out once, store the PNG, PDF and
 * ZPL the job asked for, write the labels row (and remove files an earlier render left that the
 * row no longer names). Per job: the combined PDF, the N-up sheet for the
 * stock and one ZPL file, stored and listed on the job's `outputs`.
 */
import { PassThrough } from 'node:stream';
import { findStock, type LabelPolicy, type LabelRunParams, type Template } from '@tagwright/shared';
import { layoutLabel } from '../render/layout.ts';
import { markUnverified } from '../render/mark-unverified.ts';
import { renderLabelPdf } from '../render/pdf.ts';
import { renderLabelPng } from '../render/png.ts';
import { writeLabelsPdf, writeSheetPdf } from '../render/sheet.ts';
import { renderLabelZpl } from '../render/zpl.ts';
import type { ObjectStore, StoredObject } from '../storage/index.ts';
import { countJobLabels, type ItemForLabel, jobLabels, type LabelRow, labelFileKeys, removeLabel, saveLabel } from './rows/label-rows.ts';
import type { ItemRef } from './rows/save-evidence.ts';

export interface LabelPlan {
  print: boolean;
  verified: boolean;
  /** Checked fields the page did not confirm ("page" when it could not be checked at all). */
  unverified: string[];
}

/** Which fields count for `verified`: those the job checks that the spreadsheet has a value for, plus stock. */
export function planLabel(item: ItemForLabel, checks: readonly string[], policy: LabelPolicy): LabelPlan {
  const fields = new Set(checks);
  if (fields.has('price') && item.data.currency) fields.add('currency');
  const expected = (field: string) => Boolean((item.data as Record<string, unknown>)[field]);
  const unverified =
    item.itemStatus !== 'succeeded'
      ? ['page']
      : [
          ...[...fields].filter((field) => expected(field) && item.verdicts[field] !== 'match'),
          // a page that says nothing about stock is fine; one that says out of stock is not
          ...(item.verdicts.availability === 'mismatch' ? ['availability'] : []),
        ];
  const verified = unverified.length === 0;
  return { print: policy !== 'verified' || verified, verified, unverified };
}

/** The drawing to print for stored label data, marked when the policy asks for it. */
function drawingFor(template: Template, label: { data: LabelRow['data']; unverified: string[] }, policy: LabelPolicy, dpi?: number) {
  const drawing = layoutLabel(template, label.data, dpi);
  return policy === 'mark_unverified' ? markUnverified(drawing, label.unverified) : drawing;
}

export interface RenderDeps {
  store: ObjectStore;
  template: Template & { id: string };
  params: LabelRunParams;
  /** Date printed by {{today}}; fixed per job so reruns print the same. */
  today: Date;
}

/** Renders and stores one item's label, or removes it when the policy leaves it out. Returns whether it printed. */
export async function renderItemLabel(
  sql: Parameters<typeof saveLabel>[0],
  deps: RenderDeps,
  ref: ItemRef,
  item: ItemForLabel,
): Promise<LabelPlan> {
  const { params, template, store } = deps;
  const plan = planLabel(item, params.checks, params.policy);
  // files of an earlier render (a rerun, or another policy or outputs): removed once the row no longer names them
  const earlier = await labelFileKeys(sql, ref.itemId, template.id);
  if (!plan.print) {
    await removeLabel(sql, ref.itemId, template.id);
    await store.remove('labels', earlier);
    return plan;
  }
  const data = { ...item.data, today: deps.today };
  const drawing = drawingFor(template, { data, unverified: plan.unverified }, params.policy);
  const base = `${ref.workspaceId}/${ref.jobId}/labels/${ref.itemId}`;
  const put = (ext: string, body: Uint8Array, type: string): Promise<StoredObject> => store.put('labels', `${base}.${ext}`, body, type);
  const wants = new Set(params.outputs);
  const png = wants.has('png') ? await put('png', await renderLabelPng(drawing), 'image/png') : undefined;
  const pdf = wants.has('pdf')
    ? await put('pdf', await renderLabelPdf(drawing, `${template.name} — ${item.data.sku}`), 'application/pdf')
    : undefined;
  const zpl = wants.has('zpl')
    ? await put(
        'zpl',
        Buffer.from(
          renderLabelZpl(drawingFor(template, { data, unverified: plan.unverified }, params.policy, params.zpl_dpi), params.zpl_dpi),
        ),
        'text/plain',
      )
    : undefined;
  await saveLabel(sql, {
    ...ref,
    productId: item.productId,
    templateId: template.id,
    data,
    verified: plan.verified,
    unverified: plan.unverified,
    png,
    pdf,
    zpl,
  });
  const kept = new Set([png?.key, pdf?.key, zpl?.key]);
  const replaced = earlier.filter((key) => !kept.has(key));
  await store.remove('labels', replaced);
  return plan;
}

async function collect(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(out);
  return Buffer.concat(chunks);
}

export interface JobOutput extends StoredObject {
  labels: number;
  pages?: number;
}

/** The job-wide files: combined PDF (pdf), N-up sheet or one page per roll label (sheet), one ZPL file (zpl). */
export async function renderJobOutputs(
  sql: Parameters<typeof saveLabel>[0],
  deps: RenderDeps,
  job: { id: string; workspace_id: string },
): Promise<Record<string, JobOutput>> {
  const { params, template, store } = deps;
  const wants = new Set(params.outputs);
  const base = `${job.workspace_id}/${job.id}`;
  const labels = (dpi?: number) =>
    (async function* () {
      for await (const label of jobLabels(sql, job.id, template.id))
        yield drawingFor(template, { ...label, data: { ...label.data, today: deps.today } }, params.policy, dpi);
    })();
  const outputs: Record<string, JobOutput> = {};
  // no label printed (e.g. none verified under the "verified" policy): no files, rather than a failed job
  if ((await countJobLabels(sql, job.id, template.id)) === 0) return outputs;
  if (wants.has('pdf')) {
    let pages = 0;
    const body = await collect(async (out) => {
      pages = (await writeLabelsPdf(labels(), out, template.name)).pages;
    });
    outputs.labels_pdf = { ...(await store.put('labels', `${base}/labels.pdf`, body, 'application/pdf')), pages, labels: pages };
  }
  if (wants.has('sheet')) {
    const stockId = params.sheet.stock ?? template.stock;
    if (!stockId) throw new Error(`The sheet output needs a stock: set one on template "${template.name}" or in the job's sheet.stock.`);
    const stock = findStock(stockId);
    let result = { pages: 0, labels: 0 };
    const body = await collect(async (out) => {
      if (stock.kind === 'sheet')
        result = await writeSheetPdf(labels(), { ...params.sheet, stock, title: `${template.name} on ${stock.name}` }, out);
      else {
        const { pages } = await writeLabelsPdf(labels(), out, template.name);
        result = { pages, labels: pages };
      }
    });
    outputs.sheet_pdf = { ...(await store.put('labels', `${base}/sheet-${stock.id}.pdf`, body, 'application/pdf')), ...result };
  }
  if (wants.has('zpl')) {
    const parts: string[] = [];
    for await (const drawing of labels(params.zpl_dpi)) parts.push(renderLabelZpl(drawing, params.zpl_dpi));
    outputs.zpl = {
      ...(await store.put('labels', `${base}/labels-${params.zpl_dpi}dpi.zpl`, Buffer.from(parts.join('')), 'text/plain')),
      labels: parts.length,
    };
  }
  return outputs;
}
