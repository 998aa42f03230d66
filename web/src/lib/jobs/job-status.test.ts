/** Stage and selection words; chart scales and bar heights. */
import { describe, expect, test } from 'vitest';
import { niceMax, throughputBars, verdictBars } from './chart-geometry.ts';
import { describeSelection, stageLabel } from './job-status.ts';

const P1 = '11111111-1111-4111-8111-111111111111';

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
