/** Product identifiers and names as matching compares them. */
export { checkGtin, type GtinCheck, gtinCheckDigit, normalizeSku } from './gtin.ts';
export { nameSimilarity, nameTokens } from './name-similarity.ts';
