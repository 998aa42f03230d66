import { expect, test } from 'vitest';
import { dragBox, nudge } from './canvas-drag.ts';
import { snapTargets } from './snapping.ts';

const start = { x: 10, y: 10, width: 20, height: 10, rotation: 0 };
const base = {
  start,
  point: { x: 0, y: 0 },
  targets: snapTargets(100, 50, [{ x: 50, y: 30, width: 10, height: 5 }]),
  threshold: 0.6,
  free: false,
  coarse: false,
  minSize: 0.5,
};

test('a move snaps the right edge to another element and shows the guide', () => {
  const r = dragBox({ ...base, gesture: { kind: 'move' }, dx: 19.7, dy: 0.2 });
  expect(r.box.x).toBe(30); // right edge 50 meets the other element's left
  expect(r.guides.x).toEqual([50]);
  expect(r.box.y).toBe(10); // grid
});

test('Alt moves freely', () => {
  const r = dragBox({ ...base, gesture: { kind: 'move' }, dx: 0.23, dy: 0, free: true });
  expect(r.box.x).toBe(10.23);
});

test('resizing snaps the dragged edge and keeps the other', () => {
  const r = dragBox({ ...base, gesture: { kind: 'resize', handle: 'se' }, dx: 3.26, dy: 1.1 });
  expect(r.box).toMatchObject({ x: 10, y: 10, width: 23.5, height: 11 });
  const w = dragBox({ ...base, gesture: { kind: 'resize', handle: 'w' }, dx: -0.26, dy: 0 });
  expect(w.box).toMatchObject({ x: 9.5, width: 20.5 });
});

test('rotating follows the pointer, in 15° steps with Shift', () => {
  const r = dragBox({ ...base, gesture: { kind: 'rotate' }, dx: 0, dy: 0, point: { x: 40, y: 15 } });
  expect(r.box.rotation).toBe(90);
  const s = dragBox({ ...base, gesture: { kind: 'rotate' }, dx: 0, dy: 0, point: { x: 27, y: 4 }, coarse: true });
  expect(s.box.rotation % 15).toBe(0);
});

test('arrow keys nudge by the grid, Shift ×10, Alt 0.1 mm', () => {
  expect(nudge('ArrowLeft', false, false)).toEqual({ dx: -0.5, dy: 0 });
  expect(nudge('ArrowDown', true, false)).toEqual({ dx: 0, dy: 5 });
  expect(nudge('ArrowUp', false, true)).toEqual({ dx: 0, dy: -0.1 });
  expect(nudge('a', false, false)).toBeUndefined();
});
