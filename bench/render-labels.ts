/** What the render bench renders: the shelf price tag starter for product number i (each label different). */
import { type LabelData, starterTemplates, type Template, template } from '../shared/src/index.ts';

export const benchTemplate: Template = template.parse(starterTemplates[0]);

export function benchProduct(i: number): LabelData {
  const body = String(400638133393 + i).padStart(12, '0');
  return {
    name: `Organic Oat Drink Barista Edition ${i % 7 === 0 ? 'with a much longer product name that has to wrap ' : ''}${i}`,
    price: `${(i % 5000) / 100 + 0.99}`,
    currency: 'EUR',
    sku: `OAT-${i}`,
    gtin: body,
    today: new Date('2026-11-26T00:00:00Z'),
  };
}
