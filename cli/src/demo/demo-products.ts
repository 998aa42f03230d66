/**
 * The demo catalogue: 20 products as the spreadsheet has them, and what their page in the demo
 * shop says — mostly the same, a few not (a changed price, another currency, out of stock, a page
 * gone, a price only in a picture) so a first job shows every verdict.
 */

export interface DemoProduct {
  sku: string;
  name: string;
  price: string;
  currency: string;
  gtin: string;
  /** What the page shows where it differs from the spreadsheet. */
  page?: { price?: string; currency?: string; outOfStock?: boolean; gone?: boolean; name?: string };
}

function gtin(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return `${body12}${(10 - (sum % 10)) % 10}`;
}

const rows: [string, string, string, Partial<DemoProduct['page']>?][] = [
  ['DEMO-OAT-1L', 'Organic Oat Drink 1 L', '2.49'],
  ['DEMO-COF-500', 'Single Origin Coffee Beans 500 g', '12.90'],
  ['DEMO-TEA-20', 'Green Tea Sencha, 20 bags', '3.20'],
  ['DEMO-HON-250', 'Wildflower Honey 250 g', '6.75', { price: '7.25' }],
  ['DEMO-OLV-750', 'Extra Virgin Olive Oil 750 ml', '11.40'],
  ['DEMO-PAS-500', 'Durum Wheat Spaghetti 500 g', '1.89'],
  ['DEMO-RIC-1K', 'Basmati Rice 1 kg', '3.99'],
  ['DEMO-CHO-100', 'Dark Chocolate 72 % 100 g', '2.79', { outOfStock: true }],
  ['DEMO-ALM-200', 'Roasted Almonds 200 g', '4.60'],
  ['DEMO-OAT-500', 'Rolled Oats 500 g', '1.69'],
  ['DEMO-JAM-340', 'Strawberry Jam 340 g', '3.35', { price: '2.99' }],
  ['DEMO-SAL-250', 'Sea Salt Flakes 250 g', '4.10'],
  ['DEMO-PEP-50', 'Black Pepper, whole, 50 g', '2.95'],
  ['DEMO-VIN-500', 'Balsamic Vinegar 500 ml', '5.80', { currency: 'USD' }],
  ['DEMO-TOM-400', 'Chopped Tomatoes 400 g', '1.19'],
  ['DEMO-LEN-500', 'Red Lentils 500 g', '2.45'],
  ['DEMO-COC-400', 'Coconut Milk 400 ml', '1.99'],
  ['DEMO-SYR-250', 'Maple Syrup 250 ml', '8.90', { gone: true }],
  ['DEMO-FLR-1K', 'Spelt Flour 1 kg', '3.10'],
  ['DEMO-WAT-6', 'Sparkling Water 6 × 1 L', '4.49', { name: 'Still Mineral Water 6 × 1.5 L' }],
];

export const demoProducts: DemoProduct[] = rows.map(([sku, name, price, page], i) => ({
  sku,
  name,
  price,
  currency: 'EUR',
  gtin: gtin(`40063813${String(1000 + i).padStart(4, '0')}`),
  ...(page ? { page } : {}),
}));
