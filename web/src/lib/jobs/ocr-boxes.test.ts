/** OCR word boxes in both stored shapes; junk skipped. */
import { describe, expect, test } from 'vitest';
import { evidenceBox, wordBoxes } from './ocr-boxes.ts';

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
