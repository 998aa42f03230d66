/** Price reading: parsePrice for one price from text, findPrices for every candidate, currency helpers. */
export { currencyFromHint, ISO_CODES, minorUnits } from './currencies.ts';
export { findPrices, normalizePriceText, type ParsedPrice, type PriceCandidate, parseAmount, parsePrice } from './parse-price.ts';
