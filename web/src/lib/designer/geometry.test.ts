import { describe, expect, test } from 'vitest';
import { clampToLabel, layerTransform, moveBox, normaliseRotation, resizeBox, rotationAt } from './geometry.ts';

const box = { x: 10, y: 10, width: 20, height: 10, rotation: 0 };

describe('moveBox', () => {
  test('moves by the delta without float noise', () => {
    expect(moveBox(box, 0.1 + 0.2, -5)).toMatchObject({ x: 10.3, y: 5, width: 20, height: 10 });
  });
});

describe('resizeBox', () => {
  test('the south-east handle grows width and height, top-left stays', () => {
    expect(resizeBox(box, 'se', 5, 2)).toMatchObject({ x: 10, y: 10, width: 25, height: 12 });
  });
  test('the north-west handle moves the top-left and keeps the bottom-right', () => {
    expect(resizeBox(box, 'nw', 4, 3)).toMatchObject({ x: 14, y: 13, width: 16, height: 7 });
  });
  test('an edge handle changes one dimension only', () => {
    expect(resizeBox(box, 'e', 5, 30)).toMatchObject({ x: 10, y: 10, width: 25, height: 10 });
  });
  test('never below the minimum size, even when dragged past the other edge', () => {
    expect(resizeBox(box, 'w', 50, 0, 1)).toMatchObject({ x: 29, width: 1 });
  });
  test('a box turned 90° grows along its own width when the pointer moves down', () => {
    const turned = { ...box, rotation: 90 };
    const r = resizeBox(turned, 'e', 0, 4);
    expect(r.width).toBeCloseTo(24);
    expect(r.height).toBeCloseTo(10);
    // the west edge (now on top) stays put: the centre moves down by half the growth
    expect(r.y + r.height / 2).toBeCloseTo(15 + 2);
    expect(r.x + r.width / 2).toBeCloseTo(20);
  });
});

describe('rotation', () => {
  test('a pointer straight right of the centre is 90°, left is -90°', () => {
    expect(rotationAt(box, 100, 15)).toBe(90);
    expect(rotationAt(box, -100, 15)).toBe(-90);
  });
  test('snaps to steps', () => {
    expect(rotationAt(box, 30, 4, 15)).toBe(45);
  });
  test('normalises into (-180, 180]', () => {
    expect(normaliseRotation(270)).toBe(-90);
    expect(normaliseRotation(-360)).toBe(0);
    expect(normaliseRotation(180)).toBe(180);
  });
});

test('clampToLabel keeps the origin on the label', () => {
  expect(clampToLabel({ ...box, x: -3, y: 60 }, 50, 40)).toMatchObject({ x: 0, y: 30 });
});

describe('layerTransform', () => {
  const apply = (t: string, x: number, y: number) => {
    // evaluate the transform list right to left on a point
    const ops = [...t.matchAll(/(translate|rotate|scale)\(([^)]+)\)/g)].map((m) => [m[1], m[2]?.split(' ').map(Number) ?? []] as const);
    let p = { x, y };
    for (const [op, [a = 0, b = 0]] of ops.reverse()) {
      if (op === 'translate') p = { x: p.x + a, y: p.y + b };
      if (op === 'scale') p = { x: p.x * a, y: p.y * b };
      if (op === 'rotate') {
        const r = (a * Math.PI) / 180;
        p = { x: p.x * Math.cos(r) - p.y * Math.sin(r), y: p.x * Math.sin(r) + p.y * Math.cos(r) };
      }
    }
    return p;
  };
  test('none when nothing changed', () => {
    expect(layerTransform(box, { ...box })).toBeUndefined();
  });
  test("maps the old box's corners onto the new box", () => {
    const t = layerTransform(box, { x: 0, y: 0, width: 40, height: 5, rotation: 0 }) as string;
    expect(apply(t, 10, 10).x).toBeCloseTo(0);
    expect(apply(t, 10, 10).y).toBeCloseTo(0);
    expect(apply(t, 30, 20).x).toBeCloseTo(40);
    expect(apply(t, 30, 20).y).toBeCloseTo(5);
  });
  test('a flat line is moved, not scaled by zero', () => {
    const line = { x: 0, y: 5, width: 10, height: 0, rotation: 0 };
    const t = layerTransform(line, { ...line, y: 8 }) as string;
    expect(apply(t, 10, 5)).toEqual({ x: 10, y: 8 });
  });
});
