/**
 * Text fitting as the laid-out drawing shows it: 'shrink' makes a long name smaller to stay on one
 * line, 'wrap' breaks it into lines within the box, and whatever the mode, font or alignment, no
 * line is wider than its box and every line's glyphs (ascent to descent) stay inside the box.
 */
import { fontFamilies, type TemplateInput, type TextElement, template } from '@tagwright/shared';
import { describe, expect, test } from 'vitest';
import type { TextItem } from './drawing.ts';
import { PT_TO_MM } from './fonts.ts';
import { layoutLabel } from './layout.ts';

const EPS = 1e-6;
const LONG_NAME = 'Organic Fair-Trade Arabica Coffee Beans, Dark Roast, Whole Bean, Resealable Bag 1 kg';

type TextInput = Partial<Omit<TextElement, 'type'>> & { text: string };

function layoutText(element: TextInput, data = {}): { item: TextItem; box: { x: number; y: number; width: number; height: number } } {
  const input: TemplateInput = {
    name: 'text fit',
    width_mm: 100,
    height_mm: 60,
    elements: [{ type: 'text', x: 5, y: 5, width: 40, height: 10, ...element }],
  };
  const parsed = template.parse(input);
  const el = parsed.elements[0] as TextElement;
  const item = layoutLabel(parsed, data).items[0] as TextItem;
  expect(item.kind).toBe('text');
  return { item, box: { x: el.x, y: el.y, width: el.width, height: el.height } };
}

/** The promise to the user: nothing is drawn outside the element's box ('clip' may cut lines at the bottom by design). */
function expectInsideBox(item: TextItem, box: { x: number; y: number; width: number; height: number }, vertical = true) {
  const { ascent, descent } = item.font;
  for (const line of item.lines) {
    const what = `line "${line.text}"`;
    expect(line.width, `${what} width`).toBeLessThanOrEqual(box.width + EPS);
    expect(line.x, `${what} left`).toBeGreaterThanOrEqual(box.x - EPS);
    expect(line.x + line.width, `${what} right`).toBeLessThanOrEqual(box.x + box.width + EPS);
    // the width reported is the width the outputs draw
    expect(line.width).toBeCloseTo(item.font.width(line.text) * item.size, 6);
    if (!vertical) continue;
    expect(line.y, `${what} baseline`).toBeGreaterThanOrEqual(box.y);
    expect(line.y, `${what} baseline`).toBeLessThanOrEqual(box.y + box.height);
    expect(line.y - ascent * item.size, `${what} top of glyphs`).toBeGreaterThanOrEqual(box.y - EPS);
    expect(line.y + descent * item.size, `${what} bottom of glyphs`).toBeLessThanOrEqual(box.y + box.height + EPS);
  }
}

describe('shrink', () => {
  test('a long name gets a smaller font, stays on one line and inside the box', () => {
    const { item, box } = layoutText({ text: '{{name}}', fit: 'shrink', fontSize: 14, minFontSize: 3, width: 60 }, { name: LONG_NAME });
    expect(item.size).toBeLessThan(14 * PT_TO_MM);
    expect(item.size).toBeGreaterThanOrEqual(3 * PT_TO_MM - EPS);
    expect(item.lines.map((l) => l.text)).toEqual([LONG_NAME]);
    expectInsideBox(item, box);
    // it shrank only as far as needed: the line nearly fills the box
    expect(item.lines[0]?.width).toBeGreaterThan(box.width * 0.97);
  });

  test('a short name keeps its font size', () => {
    const { item, box } = layoutText({ text: 'Tea', fit: 'shrink', fontSize: 14 });
    expect(item.size).toBeCloseTo(14 * PT_TO_MM, 9);
    expectInsideBox(item, box);
  });

  test('at the minimum size, what still does not fit ends in an ellipsis', () => {
    const { item, box } = layoutText({ text: LONG_NAME, fit: 'shrink', fontSize: 14, minFontSize: 8 });
    expect(item.size).toBeCloseTo(8 * PT_TO_MM, 9);
    expect(item.lines).toHaveLength(1);
    expect(item.lines[0]?.text.endsWith('…')).toBe(true);
    expect(LONG_NAME.startsWith(item.lines[0]?.text.slice(0, -1) ?? 'x')).toBe(true);
    expectInsideBox(item, box);
  });

  test('more lines than fit at the minimum size still stay inside the box', () => {
    // two lines at 5 pt need 4.1 mm; the box is 4 mm
    const { item, box } = layoutText({
      text: 'Äpfel & Öl\nzweite Zeile',
      fit: 'shrink',
      fontSize: 12,
      minFontSize: 5,
      width: 60,
      height: 4,
    });
    expectInsideBox(item, box);
  });

  test('a tall font in a low box shrinks to the box height', () => {
    const { item, box } = layoutText({ text: '€12.90', fit: 'shrink', fontSize: 40, height: 6, minFontSize: 2 });
    expect(item.size).toBeLessThan(40 * PT_TO_MM);
    expectInsideBox(item, box);
  });
});

describe('wrap', () => {
  test('a long name breaks into lines at spaces, every word kept, within the box height', () => {
    const { item, box } = layoutText({ text: '{{name}}', fit: 'wrap', fontSize: 9, height: 14 }, { name: LONG_NAME });
    expect(item.lines.length).toBeGreaterThan(1);
    expect(item.lines.map((l) => l.text).join(' ')).toBe(LONG_NAME);
    expectInsideBox(item, box);
    // lines go down the box in order, one line height apart
    for (let i = 1; i < item.lines.length; i++)
      expect((item.lines[i]?.y ?? 0) - (item.lines[i - 1]?.y ?? 0)).toBeCloseTo(item.size * 1.15, 6);
  });

  test('too much text for the box shrinks, then ends in an ellipsis rather than overflowing', () => {
    const text = `${LONG_NAME} ${LONG_NAME} ${LONG_NAME}`;
    const { item, box } = layoutText({ text, fit: 'wrap', fontSize: 10, minFontSize: 7, height: 8 });
    expect(item.size).toBeCloseTo(7 * PT_TO_MM, 9);
    expect(item.lines.at(-1)?.text.endsWith('…')).toBe(true);
    expectInsideBox(item, box);
  });

  test('a word wider than the box (a URL) is broken between characters', () => {
    const url = 'https://shop.example/products/organic-coffee-beans-dark-roast-1kg';
    const { item, box } = layoutText({ text: url, fit: 'wrap', fontSize: 8, minFontSize: 8, height: 20 });
    expect(item.lines.length).toBeGreaterThan(1);
    expect(item.lines.map((l) => l.text).join('')).toBe(url);
    expectInsideBox(item, box);
  });

  test('one line taller than the box shrinks (down to minFontSize) instead of being cut off', () => {
    // 12 pt Inter is 5.1 mm from ascent to descent; 5 pt (the minimum) is 2.1 mm: it fits a 4 mm box
    const { item, box } = layoutText({ text: 'Tea', fit: 'wrap', fontSize: 12, minFontSize: 5, width: 60, height: 4 });
    expect(item.size).toBeLessThan(12 * PT_TO_MM);
    expectInsideBox(item, box);
  });

  test('explicit line breaks are kept', () => {
    const { item, box } = layoutText({ text: 'Line one\nLine two', fit: 'wrap', height: 12 });
    expect(item.lines.map((l) => l.text)).toEqual(['Line one', 'Line two']);
    expectInsideBox(item, box);
  });
});

describe('alignment', () => {
  test('right and centre alignment place the line against the box’s right edge / in its middle', () => {
    const right = layoutText({ text: 'Price', align: 'right' });
    const line = right.item.lines[0];
    expect((line?.x ?? 0) + (line?.width ?? 0)).toBeCloseTo(right.box.x + right.box.width, 6);
    const centre = layoutText({ text: 'Price', align: 'center' });
    const c = centre.item.lines[0];
    expect((c?.x ?? 0) + (c?.width ?? 0) / 2).toBeCloseTo(centre.box.x + centre.box.width / 2, 6);
  });

  test('bottom alignment puts the last line’s descent on the box’s bottom edge', () => {
    const { item, box } = layoutText({ text: 'Bottom', verticalAlign: 'bottom', fontSize: 8, height: 20 });
    const last = item.lines.at(-1);
    expect((last?.y ?? 0) + item.font.descent * item.size).toBeCloseTo(box.y + box.height, 6);
  });
});

describe('nothing ever overflows its box', () => {
  const texts = ['Tea', LONG_NAME, 'Supercalifragilisticexpialidocious-XL-Edition-2026', 'Äpfel & Öl — 12,90 €\nzweite Zeile', ''];
  const fits = ['wrap', 'shrink', 'clip'] as const;
  const boxes = [
    { width: 40, height: 10 },
    { width: 12, height: 30 },
    { width: 60, height: 6 },
  ];
  const cases = fits.flatMap((fit) =>
    fontFamilies.flatMap((font) => boxes.map((size) => ({ fit, font, ...size, label: `${fit} ${font} ${size.width}×${size.height}` }))),
  );
  test.each(cases)('$label', ({ fit, font, width, height }) => {
    for (const text of texts)
      for (const align of ['left', 'center', 'right'] as const)
        for (const verticalAlign of ['top', 'middle', 'bottom'] as const) {
          const { item, box } = layoutText({ text, fit, font, width, height, align, verticalAlign, fontSize: 12, minFontSize: 5 });
          expectInsideBox(item, box, fit !== 'clip');
        }
  });
});
