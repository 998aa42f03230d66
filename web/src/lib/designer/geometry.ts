/** Move, resize and rotate math for designer elements: boxes in mm, rotation in degrees about the centre. */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
}

/** A resize handle: which edges it moves (n/s/e/w and corners). */
export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
export const handles: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Rounds to 0.01 mm so saved templates don't carry float noise like 12.500000001. */
export const round = (value: number, step = 0.01) => Math.round(value / step) * step;
const tidy = (value: number) => Number(value.toFixed(2));

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Rotates a vector by `degrees` clockwise (SVG's y-down frame). */
export function rotateVector(dx: number, dy: number, degrees: number): { x: number; y: number } {
  const a = radians(degrees);
  return { x: dx * Math.cos(a) - dy * Math.sin(a), y: dx * Math.sin(a) + dy * Math.cos(a) };
}

export function moveBox<T extends Box>(box: T, dx: number, dy: number): T {
  return { ...box, x: tidy(box.x + dx), y: tidy(box.y + dy) };
}

/**
 * Resizes by dragging `handle` by a pointer delta (in label mm). For a rotated box the delta is
 * taken in the box's own frame and the opposite edge stays where it was on the label.
 */
export function resizeBox<T extends Box>(box: T, handle: Handle, dx: number, dy: number, minSize = 0.5): T {
  const local = rotateVector(dx, dy, -box.rotation);
  let left = -box.width / 2;
  let right = box.width / 2;
  let top = -box.height / 2;
  let bottom = box.height / 2;
  if (handle.includes('w')) left = Math.min(left + local.x, right - minSize);
  if (handle.includes('e')) right = Math.max(right + local.x, left + minSize);
  if (handle.includes('n')) top = Math.min(top + local.y, bottom - minSize);
  if (handle.includes('s')) bottom = Math.max(bottom + local.y, top + minSize);
  const width = right - left;
  const height = bottom - top;
  const shift = rotateVector((left + right) / 2, (top + bottom) / 2, box.rotation);
  const cx = box.x + box.width / 2 + shift.x;
  const cy = box.y + box.height / 2 + shift.y;
  return { ...box, x: tidy(cx - width / 2), y: tidy(cy - height / 2), width: tidy(width), height: tidy(height) };
}

/** The rotation (degrees, 0 = handle straight above the centre) for a pointer at (px, py); `step` snaps it. */
export function rotationAt(box: Box, px: number, py: number, step = 0): number {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let degrees = (Math.atan2(px - cx, -(py - cy)) * 180) / Math.PI;
  if (step > 0) degrees = Math.round(degrees / step) * step;
  return normaliseRotation(degrees);
}

/** Keeps a rotation in (-180, 180] so the number field reads naturally. */
export function normaliseRotation(degrees: number): number {
  let d = ((degrees % 360) + 360) % 360;
  if (d > 180) d -= 360;
  return tidy(d) === 0 ? 0 : tidy(d);
}

/** Keeps a box's origin on the label (it may still overhang the right/bottom edge while being sized). */
export function clampToLabel<T extends Box>(box: T, labelWidth: number, labelHeight: number): T {
  const x = Math.min(Math.max(box.x, 0), Math.max(0, labelWidth - Math.min(box.width, labelWidth)));
  const y = Math.min(Math.max(box.y, 0), Math.max(0, labelHeight - Math.min(box.height, labelHeight)));
  return { ...box, x: tidy(x), y: tidy(y) };
}

/**
 * An SVG transform taking a drawing of box `from` onto box `to` (centre, size and rotation), or
 * undefined when they are the same. A flat side (a line) is not scaled.
 */
export function layerTransform(from: Box, to: Box): string | undefined {
  if (from.x === to.x && from.y === to.y && from.width === to.width && from.height === to.height && from.rotation === to.rotation)
    return undefined;
  const sx = from.width > 0 && to.width > 0 ? to.width / from.width : 1;
  const sy = from.height > 0 && to.height > 0 ? to.height / from.height : 1;
  const f = { cx: from.x + from.width / 2, cy: from.y + from.height / 2 };
  const t = { cx: to.x + to.width / 2, cy: to.y + to.height / 2 };
  const n = (v: number) => Number(v.toFixed(4));
  return `translate(${n(t.cx)} ${n(t.cy)}) rotate(${n(to.rotation)}) scale(${n(sx)} ${n(sy)}) rotate(${n(-from.rotation)}) translate(${n(-f.cx)} ${n(-f.cy)})`;
}
