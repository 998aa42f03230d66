import { expect, test } from 'vitest';
import { nameSimilarity } from './name-similarity.ts';

test('the same product named by the shop with extra words scores high', () => {
  expect(nameSimilarity('Organic Oat Milk 1L', 'Oatly Organic Oat Milk, 1 l — Shop Name')).toBeGreaterThanOrEqual(0.85);
  expect(nameSimilarity('Crème Fraîche 200g', 'CREME FRAICHE 200 g')).toBe(1);
  expect(nameSimilarity('Stainless Steel Water Bottle 750ml', 'Stainles Steel Water Bottle – 750 ml')).toBeGreaterThanOrEqual(0.9);
});

test('a different size or a different product scores low', () => {
  expect(nameSimilarity('Organic Oat Milk 1L', 'Organic Oat Milk 2L')).toBeLessThan(0.85);
  expect(nameSimilarity('Stainless Steel Water Bottle 750ml', 'Bamboo Cutting Board')).toBeLessThan(0.2);
  expect(nameSimilarity('Anything', '')).toBe(0);
});
