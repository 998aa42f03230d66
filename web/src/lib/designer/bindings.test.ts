import { expect, test } from 'vitest';
import { bindingChoices, insertAt } from './bindings.ts';

test('offers fields, formats and the spreadsheet columns', () => {
  const tokens = bindingChoices(['Origin country', 'bad:name']).map((c) => c.token);
  expect(tokens).toContain('{{price}}');
  expect(tokens).toContain('{{price:amount}}');
  expect(tokens).toContain('{{sku:upper}}');
  expect(tokens).toContain('{{today:date}}');
  expect(tokens).toContain('{{gtin14}}');
  expect(tokens).toContain('{{Origin country}}');
  expect(tokens).not.toContain('{{bad:name}}');
});

test('inserts at the caret, replacing a selection', () => {
  expect(insertAt('SKU ', '{{sku}}')).toEqual({ text: 'SKU {{sku}}', caret: 11 });
  expect(insertAt('a XX b', '{{name}}', 2, 4)).toEqual({ text: 'a {{name}} b', caret: 10 });
});
