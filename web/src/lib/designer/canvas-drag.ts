/** One pointer gesture on the canvas (move, resize or rotate) turned into the element's new box, with snapping. */
import { type Box, type Handle, moveBox, resizeBox, rotationAt } from './geometry.ts';
import { GRID_MM, type SnapGuides, type SnapTargets, snapAxis, snapMove } from './snapping.ts';

export type Gesture = { kind: 'move' } | { kind: 'resize'; handle: Handle } | { kind: 'rotate' };

export interface DragInput {
  gesture: Gesture;
  /** The element's box when the gesture began. */
  start: Box;
  /** Pointer delta since the gesture began, in mm; `point` is where the pointer is now. */
  dx: number;
  dy: number;
  point: { x: number; y: number };
  targets: SnapTargets;
  /** How close (mm) an edge must come to a target to snap. */
  threshold: number;
  /** Alt held: no snapping. Shift held: rotation in 15° steps. */
  free: boolean;
  coarse: boolean;
  /** Lines may be zero-sized along one axis. */
  minSize: number;
}

export interface DragResult {
  box: Box;
  guides: SnapGuides;
}

const none: SnapGuides = { x: [], y: [] };

export function dragBox(input: DragInput): DragResult {
  const { gesture, start, dx, dy, targets, threshold, free } = input;
  if (gesture.kind === 'rotate') {
    return { box: { ...start, rotation: rotationAt(start, input.point.x, input.point.y, input.coarse ? 15 : 1) }, guides: none };
  }
  if (gesture.kind === 'move') {
    const moved = moveBox(start, dx, dy);
    if (free) return { box: moved, guides: none };
    const snapped = snapMove(moved, targets, threshold);
    return { box: { ...moved, x: snapped.x, y: snapped.y }, guides: snapped.guides };
  }
  const resized = resizeBox(start, gesture.handle, dx, dy, input.minSize);
  // Snapping the dragged edges only makes sense while the box is square to the label.
  if (free || start.rotation !== 0) return { box: resized, guides: none };
  const guides: SnapGuides = { x: [], y: [] };
  let { x, y, width, height } = resized;
  const th = threshold;
  const snapEdge = (value: number, axis: 'x' | 'y') => {
    const s = snapAxis(value, [0], axis === 'x' ? targets.x : targets.y, th);
    if (s.guide !== undefined) guides[axis].push(s.guide);
    return s.value;
  };
  const h = gesture.handle;
  if (h.includes('e')) width = Math.max(input.minSize, snapEdge(x + width, 'x') - x);
  if (h.includes('w')) {
    const right = x + width;
    x = Math.min(snapEdge(x, 'x'), right - input.minSize);
    width = right - x;
  }
  if (h.includes('s')) height = Math.max(input.minSize, snapEdge(y + height, 'y') - y);
  if (h.includes('n')) {
    const bottom = y + height;
    y = Math.min(snapEdge(y, 'y'), bottom - input.minSize);
    height = bottom - y;
  }
  const tidy = (v: number) => Number(v.toFixed(2));
  return { box: { ...resized, x: tidy(x), y: tidy(y), width: tidy(width), height: tidy(height) }, guides };
}

/** Arrow-key nudges: the grid step, ten times that with Shift, 0.1 mm with Alt. */
export function nudge(key: string, shift: boolean, alt: boolean): { dx: number; dy: number } | undefined {
  const step = alt ? 0.1 : shift ? GRID_MM * 10 : GRID_MM;
  switch (key) {
    case 'ArrowLeft':
      return { dx: -step, dy: 0 };
    case 'ArrowRight':
      return { dx: step, dy: 0 };
    case 'ArrowUp':
      return { dx: 0, dy: -step };
    case 'ArrowDown':
      return { dx: 0, dy: step };
    default:
      return undefined;
  }
}
