/** Undo/redo over whole-template snapshots: commit after each finished edit, undo and redo walk the stack. */

export class History<T> {
  #past: T[] = [];
  #future: T[] = [];
  #present: T;
  readonly limit: number;

  constructor(initial: T, limit = 200) {
    this.#present = initial;
    this.limit = limit;
  }

  get present(): T {
    return this.#present;
  }
  get canUndo(): boolean {
    return this.#past.length > 0;
  }
  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** Records `next` as the newest state (dropping anything that was undone); equal states are ignored. */
  commit(next: T, equal: (a: T, b: T) => boolean = sameJson): boolean {
    if (equal(next, this.#present)) return false;
    this.#past.push(this.#present);
    if (this.#past.length > this.limit) this.#past.shift();
    this.#present = next;
    this.#future = [];
    return true;
  }

  undo(): T | undefined {
    const previous = this.#past.pop();
    if (previous === undefined) return undefined;
    this.#future.push(this.#present);
    this.#present = previous;
    return previous;
  }

  redo(): T | undefined {
    const next = this.#future.pop();
    if (next === undefined) return undefined;
    this.#past.push(this.#present);
    this.#present = next;
    return next;
  }

  /** Starts over from `state` (e.g. after loading another template). */
  reset(state: T): void {
    this.#past = [];
    this.#future = [];
    this.#present = state;
  }
}

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
