/** Label stocks (sheets and rolls), starter templates and template bindings. */
export * from './bind.ts';
export * from './starters.ts';
export * from './stocks.ts';
