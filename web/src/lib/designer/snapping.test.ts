import { expect, test } from 'vitest';
import { snapAxis, snapMove, snapTargets, snapToGrid } from './snapping.ts';

test('off any target, positions go to the 0.5 mm grid', () => {
  expect(snapToGrid(3.26)).toBe(3.5);
  expect(snapToGrid(3.24)).toBe(3);
  expect(snapAxis(12.3, [0], [40], 1)).toEqual({ value: 12.5 });
});

test('a left edge near another element snaps to it and reports the guide', () => {
  const targets = snapTargets(100, 50, [{ x: 20.2, y: 5, width: 10, height: 10 }]);
  const moved = snapMove({ x: 20.5, y: 31.1, width: 8, height: 4 }, targets, 0.6);
  expect(moved.x).toBe(20.2);
  expect(moved.guides.x).toEqual([20.2]);
  expect(moved.y).toBe(31); // nothing near: grid
  expect(moved.guides.y).toEqual([]);
});

test('centres snap to the label centre', () => {
  const targets = snapTargets(63.5, 38.1, []);
  const moved = snapMove({ x: 21.9, y: 0, width: 20, height: 5 }, targets, 0.5);
  expect(moved.x + 10).toBeCloseTo(31.75);
  expect(moved.guides.x).toEqual([31.75]);
});

test('the closest target wins', () => {
  expect(snapAxis(10, [0], [10.4, 9.9], 1).value).toBe(9.9);
});
