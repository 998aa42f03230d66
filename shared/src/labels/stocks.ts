/**
 * Label stock presets: the sheets (Avery A4 and Letter) and rolls users print on. A sheet stock
 * says where each label sits on the page, so N-up PDFs line up with the die-cut labels.
 */

export interface SheetStock {
  id: string;
  kind: 'sheet';
  name: string;
  page: { width_mm: number; height_mm: number; name: 'A4' | 'Letter' };
  label: { width_mm: number; height_mm: number };
  columns: number;
  rows: number;
  /** Top-left of the first label, from the page's top-left. */
  margin_left_mm: number;
  margin_top_mm: number;
  /** Distance from one label's left (top) edge to the next one's. */
  pitch_x_mm: number;
  pitch_y_mm: number;
}

export interface RollStock {
  id: string;
  kind: 'roll';
  name: string;
  label: { width_mm: number; height_mm: number };
}

export type Stock = SheetStock | RollStock;

const A4 = { width_mm: 210, height_mm: 297, name: 'A4' } as const;
const LETTER = { width_mm: 215.9, height_mm: 279.4, name: 'Letter' } as const;
const inch = (value: number) => Number((value * 25.4).toFixed(3));

function sheet(
  id: string,
  name: string,
  page: SheetStock['page'],
  size: [number, number],
  grid: [number, number],
  margin: [number, number],
  pitch: [number, number],
): SheetStock {
  return {
    id,
    kind: 'sheet',
    name,
    page,
    label: { width_mm: size[0], height_mm: size[1] },
    columns: grid[0],
    rows: grid[1],
    margin_left_mm: margin[0],
    margin_top_mm: margin[1],
    pitch_x_mm: pitch[0],
    pitch_y_mm: pitch[1],
  };
}

const roll = (id: string, name: string, width: number, height: number): RollStock => ({
  id,
  kind: 'roll',
  name,
  label: { width_mm: width, height_mm: height },
});

export const stocks: readonly Stock[] = [
  sheet('avery-l7160', 'Avery L7160 (A4, 21 per sheet, 63.5 × 38.1 mm)', A4, [63.5, 38.1], [3, 7], [7.25, 15.15], [66.04, 38.1]),
  sheet('avery-l7163', 'Avery L7163 (A4, 14 per sheet, 99.1 × 38.1 mm)', A4, [99.1, 38.1], [2, 7], [4.65, 15.15], [101.6, 38.1]),
  sheet('avery-l7165', 'Avery L7165 (A4, 8 per sheet, 99.1 × 67.7 mm)', A4, [99.1, 67.7], [2, 4], [4.65, 13.1], [101.6, 67.7]),
  sheet('avery-l7651', 'Avery L7651 (A4, 65 per sheet, 38.1 × 21.2 mm)', A4, [38.1, 21.2], [5, 13], [4.75, 10.7], [40.64, 21.2]),
  sheet(
    'avery-5160',
    'Avery 5160 (Letter, 30 per sheet, 2⅝ × 1 in)',
    LETTER,
    [inch(2.625), inch(1)],
    [3, 10],
    [inch(0.1875), inch(0.5)],
    [inch(2.75), inch(1)],
  ),
  sheet(
    'avery-5161',
    'Avery 5161 (Letter, 20 per sheet, 4 × 1 in)',
    LETTER,
    [inch(4), inch(1)],
    [2, 10],
    [inch(0.15625), inch(0.5)],
    [inch(4.1875), inch(1)],
  ),
  sheet(
    'avery-5163',
    'Avery 5163 (Letter, 10 per sheet, 4 × 2 in)',
    LETTER,
    [inch(4), inch(2)],
    [2, 5],
    [inch(0.15625), inch(0.5)],
    [inch(4.1875), inch(2)],
  ),
  sheet(
    'avery-5167',
    'Avery 5167 (Letter, 80 per sheet, 1¾ × ½ in)',
    LETTER,
    [inch(1.75), inch(0.5)],
    [4, 20],
    [inch(0.3), inch(0.5)],
    [inch(2.05), inch(0.5)],
  ),
  roll('roll-62x29', 'Roll 62 × 29 mm (Brother DK-11209)', 62, 29),
  roll('roll-62x100', 'Roll 62 × 100 mm (Brother DK-11202)', 62, 100),
  roll('roll-57x32', 'Roll 57 × 32 mm', 57, 32),
  roll('roll-50x25', 'Roll 50 × 25 mm', 50, 25),
  roll('roll-2x1in', 'Roll 2 × 1 in (thermal)', inch(2), inch(1)),
  roll('roll-4x2in', 'Roll 4 × 2 in (thermal)', inch(4), inch(2)),
  roll('roll-4x6in', 'Roll 4 × 6 in (thermal shipping)', inch(4), inch(6)),
  roll('roll-100x150', 'Roll 100 × 150 mm (thermal shipping)', 100, 150),
];

/** The preset with this id, or an error naming the ones there are. */
export function findStock(id: string): Stock {
  const found = stocks.find((s) => s.id === id.toLowerCase());
  if (!found) throw new Error(`Unknown label stock "${id}"; use one of: ${stocks.map((s) => s.id).join(', ')}.`);
  return found;
}

/** Where label `index` (0-based, filled row by row) sits on its page, and on which page. */
export function sheetSlot(stock: SheetStock, index: number): { page: number; x_mm: number; y_mm: number } {
  const perPage = stock.columns * stock.rows;
  const onPage = index % perPage;
  return {
    page: Math.floor(index / perPage),
    x_mm: stock.margin_left_mm + (onPage % stock.columns) * stock.pitch_x_mm,
    y_mm: stock.margin_top_mm + Math.floor(onPage / stock.columns) * stock.pitch_y_mm,
  };
}
