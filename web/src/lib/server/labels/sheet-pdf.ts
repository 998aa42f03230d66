/**
 * Labels printed again from what they stored: each label's data laid out with its template (the
 * "NOT VERIFIED" note where its job marked unverified labels, {{today}} as the day it was made),
 * onto an N-up sheet of a stock (or one page per label for roll stock), streamed.
 */
import type { Writable } from 'node:stream';
import { findStock, type LabelData, type Stock, type Template } from '@tagwright/shared';
import { checkFitsStock, type LabelDrawing, layoutLabel, markUnverified, writeLabelsPdf, writeSheetPdf } from '@tagwright/worker/render';

import { timeOf } from '../../labels/label-filter.ts';
import type { PrintableLabel } from './label-rows.ts';

export class SheetRequestError extends Error {}

export interface SheetRequest {
  /** A stock id; else the first label's template's stock. */
  stock?: string | null;
  offset_x_mm?: number;
  offset_y_mm?: number;
  skip?: number;
}

export interface SheetPlan {
  stock: Stock;
  drawings: () => AsyncGenerator<LabelDrawing>;
}

/** Checks everything that can be checked before the first byte goes out: stock, templates, sizes. */
export function planSheet(labels: PrintableLabel[], templates: Map<string, Template & { id: string }>, request: SheetRequest): SheetPlan {
  if (labels.length === 0) throw new SheetRequestError('None of the selected labels could be found; reload the page.');
  const orphan = labels.find((l) => !l.template_id || !templates.has(l.template_id));
  if (orphan)
    throw new SheetRequestError(`The template of label ${String(orphan.data.sku ?? orphan.id)} was deleted; it can't be laid out again.`);
  const first = templates.get(labels[0]?.template_id as string) as Template;
  const stockId = request.stock || first.stock;
  if (!stockId) throw new SheetRequestError(`Template "${first.name}" has no stock; choose a stock for the sheet.`);
  let stock: Stock;
  try {
    stock = findStock(stockId);
  } catch (error) {
    throw new SheetRequestError((error as Error).message);
  }
  if (stock.kind === 'sheet') {
    for (const id of new Set(labels.map((l) => l.template_id as string))) {
      const t = templates.get(id) as Template;
      try {
        checkFitsStock(t, stock);
      } catch (error) {
        throw new SheetRequestError(`"${t.name}": ${(error as Error).message}`);
      }
    }
    const perPage = stock.columns * stock.rows;
    const skip = request.skip ?? 0;
    if (!Number.isInteger(skip) || skip < 0 || skip >= perPage)
      throw new SheetRequestError(`Skip must be a whole number from 0 to ${perPage - 1} for ${stock.name}.`);
  }
  for (const [name, v] of [
    ['offset x', request.offset_x_mm],
    ['offset y', request.offset_y_mm],
  ] as const)
    if (v !== undefined && (!Number.isFinite(v) || Math.abs(v) > 20))
      throw new SheetRequestError(`The ${name} must be between -20 and 20 mm.`);
  return {
    stock,
    drawings: async function* () {
      for (const label of labels) {
        const template = templates.get(label.template_id as string) as Template;
        const data = { ...(label.data as LabelData), today: new Date(timeOf(label.created_at)) };
        const drawing = layoutLabel(template, data);
        yield label.policy === 'mark_unverified' ? markUnverified(drawing, label.unverified) : drawing;
      }
    },
  };
}

export async function writePlannedSheet(plan: SheetPlan, request: SheetRequest, output: Writable): Promise<void> {
  const { stock } = plan;
  if (stock.kind === 'sheet')
    await writeSheetPdf(
      plan.drawings(),
      {
        stock,
        offset_x_mm: request.offset_x_mm ?? 0,
        offset_y_mm: request.offset_y_mm ?? 0,
        skip: request.skip ?? 0,
        title: `Labels on ${stock.name}`,
      },
      output,
    );
  else await writeLabelsPdf(plan.drawings(), output, `Labels on ${stock.name}`);
}
