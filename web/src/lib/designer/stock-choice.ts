/** Stock presets as the designer offers them: choosing one sets the label's size. */
import type { Stock } from '@tagwright/shared';

export interface StockOption {
  id: string;
  name: string;
  width_mm: number;
  height_mm: number;
}

/** Options from the stock presets (the server passes `stocks`; the browser bundle stays free of server code). */
export const stockOptions = (list: readonly Stock[]): StockOption[] =>
  list.map((s) => ({ id: s.id, name: s.name, width_mm: s.label.width_mm, height_mm: s.label.height_mm }));

/** The label size a stock prints, or undefined for an unknown id. */
export function stockSize(
  id: string | null | undefined,
  list: readonly StockOption[],
): { width_mm: number; height_mm: number } | undefined {
  const stock = list.find((s) => s.id === id);
  return stock ? { width_mm: stock.width_mm, height_mm: stock.height_mm } : undefined;
}
