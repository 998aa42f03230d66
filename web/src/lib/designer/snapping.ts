/** Snapping while dragging: to other elements' and the label's edges and centres, else to a 0.5 mm grid. */
import type { Box } from './geometry.ts';

export const GRID_MM = 0.5;

/** Lines a box can line up with, per axis. */
export interface SnapTargets {
  x: number[];
  y: number[];
}

/** Where the guides were drawn (mm), so the canvas can show what snapped. */
export interface SnapGuides {
  x: number[];
  y: number[];
}

export const snapToGrid = (value: number, grid = GRID_MM) => Number((Math.round(value / grid) * grid).toFixed(3));

/** The left/centre/right and top/middle/bottom lines of the label and of every other element. */
export function snapTargets(labelWidth: number, labelHeight: number, others: Pick<Box, 'x' | 'y' | 'width' | 'height'>[]): SnapTargets {
  const x = [0, labelWidth / 2, labelWidth];
  const y = [0, labelHeight / 2, labelHeight];
  for (const o of others) {
    x.push(o.x, o.x + o.width / 2, o.x + o.width);
    y.push(o.y, o.y + o.height / 2, o.y + o.height);
  }
  return { x, y };
}

/**
 * Snaps a position along one axis. `offsets` are the moving box's lines relative to `value`
 * (0, size/2, size for a move; just the dragged edge for a resize). The closest target within
 * `threshold` wins; otherwise the value goes to the grid.
 */
export function snapAxis(value: number, offsets: number[], targets: number[], threshold: number): { value: number; guide?: number } {
  let best: { distance: number; value: number; guide: number } | undefined;
  for (const offset of offsets) {
    for (const target of targets) {
      const distance = Math.abs(value + offset - target);
      if (distance <= threshold && (!best || distance < best.distance)) best = { distance, value: target - offset, guide: target };
    }
  }
  if (best) return { value: Number(best.value.toFixed(3)), guide: best.guide };
  return { value: snapToGrid(value) };
}

/** Snaps a moved box's top-left so one of its edges or centres meets a target (or the grid). */
export function snapMove(
  box: Pick<Box, 'x' | 'y' | 'width' | 'height'>,
  targets: SnapTargets,
  threshold: number,
): { x: number; y: number; guides: SnapGuides } {
  const sx = snapAxis(box.x, [0, box.width / 2, box.width], targets.x, threshold);
  const sy = snapAxis(box.y, [0, box.height / 2, box.height], targets.y, threshold);
  return { x: sx.value, y: sy.value, guides: { x: sx.guide === undefined ? [] : [sx.guide], y: sy.guide === undefined ? [] : [sy.guide] } };
}
