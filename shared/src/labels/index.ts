/** Label stocks (sheets and rolls), starter templates, template bindings and GS1 barcode digits. */
export * from './barcode-digits.ts';
export * from './bind.ts';
export * from './starters.ts';
export * from './stocks.ts';
