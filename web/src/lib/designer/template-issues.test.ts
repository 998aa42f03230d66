import { template } from '@tagwright/shared';
import { expect, test } from 'vitest';
import { elementErrors, elementsWithErrors, fieldErrors, standingErrors } from './template-issues.ts';

test('schema problems land on the field they belong to', () => {
  const parsed = template.safeParse({
    name: ' ',
    width_mm: 50,
    height_mm: 25,
    elements: [
      { type: 'box', x: 1, y: 1, width: 5, height: 5 },
      { type: 'text', x: 1, y: 1, width: 5, height: 5, text: 'x', fontSize: 1, color: 'red' },
    ],
  });
  expect(parsed.success).toBe(false);
  const errors = fieldErrors(parsed.error?.issues ?? []);
  expect(errors.name).toBeDefined();
  const own = elementErrors(errors, 1);
  expect(own.fontSize).toMatch(/2/);
  expect(own.color).toBe('use a hex colour like #1a2b3c');
  expect(elementsWithErrors(errors)).toEqual(new Set([1]));
  expect(elementErrors(errors, 0)).toEqual({});
});

test("the server's answers to a refused save stay only on fields that still have the value sent", () => {
  const sent = { name: 'Shelf', elements: [{ type: 'barcode', value: '4006381333932' }] };
  const errors = { name: 'a template called "Shelf" exists', 'elements.0.value': 'has check digit 2, but it should be 1' };
  expect(standingErrors(errors, sent, structuredClone(sent))).toEqual(errors);
  const fixed = { ...sent, elements: [{ type: 'barcode', value: '4006381333931' }] };
  expect(standingErrors(errors, sent, fixed)).toEqual({ name: 'a template called "Shelf" exists' });
  expect(standingErrors(errors, sent, { ...fixed, name: 'Shelf 2' })).toEqual({});
  expect(standingErrors({ template: 'too many elements' }, sent, fixed)).toEqual({});
});
