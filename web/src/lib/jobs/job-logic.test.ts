/** The jobs pages' pure rules: ordering, windowing, OCR boxes, retry choice, form → params, chart scale. */
import { describe, expect, test } from 'vitest';
import { niceMax, throughputBars, verdictBars } from './chart-geometry.ts';
import { describeSelection, stageLabel } from './job-status.ts';
import { paramsFromForm, validateParams } from './new-job-form.ts';
import { evidenceBox, wordBoxes } from './ocr-boxes.ts';
import { retryParams, retryProductIds } from './retry-selection.ts';
import { eventsNewestFirst, mismatchesFirst, oldestFirst } from './row-order.ts';
import type { JobEventRow, MatchRow } from './types.ts';
import { columnsFor, visibleWindow } from './virtual-window.ts';

const TEMPLATE = '0b6f7c5e-8c1a-4a55-9d7e-2f0c1a2b3c4d';
const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

describe('visibleWindow', () => {
  test('renders only the rows on screen plus overscan', () => {
    const w = visibleWindow({ count: 1000, columns: 4, rowHeight: 100, scrollTop: 5000, viewportHeight: 400, overscan: 1 });
    expect(w).toEqual({ start: 49 * 4, end: 55 * 4, offsetTop: 4900, totalHeight: 25000 });
  });
  test('clamps at the ends and handles an empty grid', () => {
    expect(visibleWindow({ count: 10, columns: 3, rowHeight: 50, scrollTop: -20, viewportHeight: 100 }).start).toBe(0);
    expect(visibleWindow({ count: 10, columns: 3, rowHeight: 50, scrollTop: 9999, viewportHeight: 100 }).end).toBe(10);
    expect(visibleWindow({ count: 0, columns: 3, rowHeight: 50, scrollTop: 0, viewportHeight: 100 })).toEqual({
      start: 0,
      end: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
  });
  test('columns that fit a width', () => {
    expect(columnsFor(1000, 180, 12)).toBe(5);
    expect(columnsFor(100, 180, 12)).toBe(1);
  });
});

describe('ordering', () => {
  test('Postgres text and ISO timestamps order as instants', () => {
    const a = { id: 'a', created_at: '2026-11-26 21:00:00.5+00' };
    const b = { id: 'b', created_at: '2026-11-26T21:00:00.4+00:00' };
    expect([a, b].sort(oldestFirst).map((r) => r.id)).toEqual(['b', 'a']);
  });
  test('events by bigint id, text or number', () => {
    const ev = (id: string | number) => ({ id, job_id: 'j', type: 't', payload: {}, created_at: '' }) as JobEventRow;
    expect([ev('9'), ev(10), ev('100')].sort(eventsNewestFirst).map((e) => String(e.id))).toEqual(['100', '10', '9']);
  });
  test('mismatches first, then missing, then matches', () => {
    const m = (verdict: MatchRow['verdict'], field: string) => ({ verdict, field, job_item_id: 'i' }) as MatchRow;
    const sorted = [m('match', 'price'), m('missing', 'gtin'), m('mismatch', 'name'), m('mismatch', 'price')].sort(mismatchesFirst);
    expect(sorted.map((r) => `${r.verdict}:${r.field}`)).toEqual(['mismatch:price', 'mismatch:name', 'missing:gtin', 'match:price']);
  });
});

describe('OCR boxes', () => {
  test('the worker format and the x0/y0/x1/y1 format', () => {
    expect(wordBoxes([{ text: '€1.99', confidence: 91, box: { x: 1, y: 2, width: 30, height: 10 } }])).toEqual([
      { text: '€1.99', confidence: 91, x: 1, y: 2, width: 30, height: 10 },
    ]);
    expect(wordBoxes([{ text: 'Oat', x0: 5, y0: 5, x1: 25, y1: 15 }])[0]).toMatchObject({ x: 5, width: 20, height: 10 });
  });
  test('junk is skipped', () => {
    expect(wordBoxes(null)).toEqual([]);
    expect(wordBoxes([null, 'x', { text: 'a', box: { x: 1 } }])).toEqual([]);
    expect(evidenceBox({ box: { x: 0, y: 0, width: 0, height: 4 } })).toBeNull();
  });
});

describe('retry', () => {
  const items = [
    { id: 'i1', product_id: P1, status: 'failed' as const },
    { id: 'i2', product_id: P2, status: 'succeeded' as const },
    { id: 'i3', product_id: null, status: 'failed' as const },
  ];
  const matches = [
    { job_item_id: 'i2', verdict: 'mismatch' as const },
    { job_item_id: 'i1', verdict: 'missing' as const },
  ];
  test('picks products by mode and drops deleted ones', () => {
    expect(retryProductIds('all', items, matches)).toEqual([P1, P2]);
    expect(retryProductIds('failed', items, matches)).toEqual([P1]);
    expect(retryProductIds('mismatched', items, matches)).toEqual([P2]);
  });
  test('keeps the options, replaces the selection', () => {
    expect(retryParams({ import_id: 'x', template_id: TEMPLATE, policy: 'all' }, [P1])).toEqual({
      template_id: TEMPLATE,
      policy: 'all',
      product_ids: [P1],
    });
  });
});

describe('new job form', () => {
  const form = (entries: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  };
  test('a complete form becomes valid params', () => {
    const params = paramsFromForm(
      form([
        ['selection', 'products'],
        ['product_ids', P1],
        ['product_ids', P2],
        ['template_id', TEMPLATE],
        ['outputs', 'png'],
        ['outputs', 'sheet'],
        ['policy', 'verified'],
        ['checks', 'price'],
        ['price_tolerance_percent', '0,5'],
        ['sheet_stock', 'avery-l7160'],
        ['offset_x_mm', '1.5'],
        ['offset_y_mm', ''],
        ['skip', '3'],
      ]),
    );
    const result = validateParams(params);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.params).toMatchObject({
        product_ids: [P1, P2],
        outputs: ['png', 'sheet'],
        policy: 'verified',
        checks: ['price'],
        price_tolerance: 0.005,
        sheet: { stock: 'avery-l7160', offset_x_mm: 1.5, offset_y_mm: 0, skip: 3 },
      });
  });
  test('each problem is said at its field', () => {
    const result = validateParams(
      paramsFromForm(
        form([
          ['selection', 'products'],
          ['offset_x_mm', '40'],
          ['skip', 'lots'],
        ]),
      ),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(['checks', 'offset_x_mm', 'outputs', 'products', 'skip', 'template_id']);
      expect(result.errors.products).toMatch(/Choose at least one product/);
    }
  });
  test('an import selection without an import', () => {
    const result = validateParams(
      paramsFromForm(
        form([
          ['selection', 'import'],
          ['template_id', TEMPLATE],
          ['outputs', 'png'],
          ['checks', 'price'],
        ]),
      ),
    );
    expect(result.ok ? {} : result.errors).toEqual({ import_id: 'Pick the import whose products to check.' });
  });
});

describe('labels and charts', () => {
  test('stage and selection words', () => {
    expect(stageLabel({ status: 'running', stage: 'crawling', cancel_requested: true })).toBe('Canceling…');
    expect(stageLabel({ status: 'running', stage: 'rendering', cancel_requested: false })).toBe('Rendering labels');
    expect(describeSelection({ product_ids: [P1] })).toBe('1 product');
  });
  test('nice axis maxima and bar heights', () => {
    expect([0, 1, 3, 7, 12, 180].map(niceMax)).toEqual([1, 1, 5, 10, 20, 200]);
    const hour = (checked: number, match = 0, mismatch = 0, missing = 0) => ({ hour: 'h', checked, match, mismatch, missing });
    const bars = throughputBars([hour(5), hour(10)], 200, 100);
    expect(bars[1]?.height).toBe(100);
    expect(bars[0]?.y).toBe(50);
    const { bars: stacked } = verdictBars([hour(0, 6, 3, 1)], 100, 100);
    expect(stacked[0]?.parts.map((p) => p.height)).toEqual([60, 30, 10]);
    expect(stacked[0]?.parts[2]?.y).toBe(0);
  });
});

describe('check values', async () => {
  const { displayValue } = await import('./match-values.ts');
  test('prices without numeric(14,4) zeros, other values as they are', () => {
    expect(displayValue('price', '6.7500')).toBe('6.75');
    expect(displayValue('price', '12.0000')).toBe('12.00');
    expect(displayValue('price', '0.1250')).toBe('0.125');
    expect(displayValue('name', '6.7500')).toBe('6.7500');
    expect(displayValue('gtin', null)).toBe('—');
  });
});

describe('event words', async () => {
  const { describeEvent, eventTone } = await import('./event-text.ts');
  test('known events in words, others from their type', () => {
    expect(describeEvent({ type: 'items:created', payload: { count: 20 } })).toBe('20 products queued for checking');
    expect(describeEvent({ type: 'job:failed', payload: { error: 'Template not found' } })).toBe('Job failed — Template not found');
    expect(describeEvent({ type: 'job:retry_scheduled', payload: {} })).toBe('Job retry scheduled');
    expect(describeEvent({ type: 'item:failed', payload: { url: 'http://s/p', error: 'http://s/p returned 404' } })).toBe(
      'Page failed: http://s/p returned 404',
    );
    expect(describeEvent({ type: 'item:failed', payload: { url: 'http://s/p', error: 'timeout' } })).toBe(
      'Page failed: http://s/p — timeout',
    );
    expect(eventTone('item:failed')).toBe('error');
    expect(eventTone('label:skipped')).toBe('warn');
  });
});
