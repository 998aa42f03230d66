import { template } from '@tagwright/shared';
import { expect, test } from 'vitest';
import { elementErrors, elementsWithErrors, fieldErrors } from './template-issues.ts';

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
