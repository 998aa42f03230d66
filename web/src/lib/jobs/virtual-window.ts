/** Which rows of a fixed-row-height grid are on screen: the gallery renders only those (plus a little overscan). */

export interface WindowInput {
  /** Items in the grid. */
  count: number;
  /** Items per row (at least 1). */
  columns: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  /** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
  overscan?: number;
}

export interface WindowRange {
  /** First and one-past-last item index to render. */
  start: number;
  end: number;
  /** Pixel offset of the first rendered row. */
  offsetTop: number;
  /** Full scroll height of the grid. */
  totalHeight: number;
}

export function visibleWindow({ count, columns, rowHeight, scrollTop, viewportHeight, overscan = 2 }: WindowInput): WindowRange {
  const cols = Math.max(1, Math.floor(columns));
  const rows = Math.ceil(count / cols);
  const totalHeight = rows * rowHeight;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const firstRow = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const lastRow = Math.min(rows, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) + overscan);
  return { start: firstRow * cols, end: Math.min(count, lastRow * cols), offsetTop: firstRow * rowHeight, totalHeight };
}

/** How many columns of `minWidth` (with `gap`) fit in `width`. */
export function columnsFor(width: number, minWidth: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
}
