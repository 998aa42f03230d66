/** The chosen mapping as the import's override spec ("sku=A,price=C"): only fields that differ from the suggestion. */
import type { ProductFieldName } from './types.ts';

export type FieldMap = Partial<Record<ProductFieldName, string>>;

export function columnSpec(chosen: FieldMap, suggested: FieldMap): string {
  return Object.entries(chosen)
    .filter(([field, letter]) => letter && /^[A-Z]{1,3}$/.test(letter) && suggested[field as ProductFieldName] !== letter)
    .map(([field, letter]) => `${field}=${letter}`)
    .join(',');
}

/** A previous import's mapping, kept where the new file still has those columns (for re-import). */
export function carryMapping(previous: Record<string, string>, suggested: FieldMap, letters: string[]): FieldMap {
  const map: FieldMap = { ...suggested };
  for (const [field, letter] of Object.entries(previous)) if (letters.includes(letter)) map[field as ProductFieldName] = letter;
  return map;
}
