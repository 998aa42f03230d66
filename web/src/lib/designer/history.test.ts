import { expect, test } from 'vitest';
import { History } from './history.ts';

test('undo and redo walk committed states', () => {
  const h = new History({ n: 1 });
  h.commit({ n: 2 });
  h.commit({ n: 3 });
  expect(h.undo()).toEqual({ n: 2 });
  expect(h.undo()).toEqual({ n: 1 });
  expect(h.undo()).toBeUndefined();
  expect(h.redo()).toEqual({ n: 2 });
  expect(h.present).toEqual({ n: 2 });
});

test('a new commit after undo drops the redo branch', () => {
  const h = new History('a');
  h.commit('b');
  h.undo();
  h.commit('c');
  expect(h.canRedo).toBe(false);
  expect(h.undo()).toBe('a');
});

test('committing an unchanged state is not an undo step', () => {
  const h = new History({ x: [1] });
  expect(h.commit({ x: [1] })).toBe(false);
  expect(h.canUndo).toBe(false);
});

test('keeps at most `limit` undo steps', () => {
  const h = new History(0, 3);
  for (let i = 1; i <= 10; i++) h.commit(i);
  let steps = 0;
  while (h.undo() !== undefined) steps++;
  expect(steps).toBe(3);
  expect(h.present).toBe(7);
});
