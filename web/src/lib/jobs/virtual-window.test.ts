/** Windowing: only the rows on screen (plus overscan) are rendered, clamped at both ends. */
import { describe, expect, test } from 'vitest';
import { columnsFor, visibleWindow } from './virtual-window.ts';

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
