/** The designer's editable state: the draft template, the selection, undo/redo and the unsaved-changes flag. */
import { type Template, type TemplateElement, template as templateSchema } from '@tagwright/shared/schemas';
import { type ElementType, newElement } from './element-defaults.ts';
import { History } from './history.ts';
import { type FieldErrors, fieldErrors, standingErrors } from './template-issues.ts';

const clone = <T>(value: T): T => structuredClone(value);
const json = (value: unknown) => JSON.stringify(value);

export class DesignerState {
  draft = $state<Template>() as Template;
  selected = $state<number | null>(null);
  /** The saved version, to tell whether there are unsaved changes. */
  savedJson = $state('');
  /** What the server refused on the last save (e.g. a name already taken), and the draft it was sent. */
  #refused = $state<{ errors: FieldErrors; sent: Template } | null>(null);
  /** Bumped on every history change so undo/redo buttons re-read it. */
  #historyVersion = $state(0);
  #history: History<Template>;

  constructor(initial: Template) {
    this.draft = clone(initial);
    this.savedJson = json(initial);
    this.#history = new History(clone(initial));
  }

  readonly dirty = $derived(json(this.draft) !== this.savedJson);
  /** The shared schema's verdict on the draft, once per change. */
  #parsed = $derived(templateSchema.safeParse(this.draft));
  /** That verdict per field path, with the server's answers that still apply. */
  readonly errors = $derived.by((): FieldErrors => {
    const server = this.#refused ? standingErrors(this.#refused.errors, this.#refused.sent, this.draft) : {};
    return { ...server, ...(this.#parsed.success ? {} : fieldErrors(this.#parsed.error.issues)) };
  });
  readonly valid = $derived(this.#parsed.success);
  get canUndo(): boolean {
    this.#historyVersion;
    return this.#history.canUndo || json(this.draft) !== json(this.#history.present);
  }
  get canRedo(): boolean {
    this.#historyVersion;
    return this.#history.canRedo;
  }
  get selectedElement(): TemplateElement | undefined {
    return this.selected === null ? undefined : this.draft.elements[this.selected];
  }

  /** Records the current draft as one undo step (call when an edit is finished: drag end, field change). */
  commit(): void {
    if (this.#history.commit(clone($state.snapshot(this.draft) as Template))) this.#historyVersion++;
  }

  undo(): void {
    this.commit();
    const previous = this.#history.undo();
    if (previous) this.#restore(previous);
  }

  redo(): void {
    const next = this.#history.redo();
    if (next) this.#restore(next);
  }

  #restore(state: Template): void {
    this.draft = clone(state);
    if (this.selected !== null && this.selected >= this.draft.elements.length) this.selected = null;
    this.#historyVersion++;
  }

  /** Changes fields of element `index` (live; commit separately). */
  updateElement(index: number, patch: Partial<TemplateElement>): void {
    const current = this.draft.elements[index];
    if (!current) return;
    this.draft.elements[index] = { ...current, ...patch } as TemplateElement;
  }

  /** Changes template settings (name, size, dpi, stock, locale, background). */
  updateTemplate(patch: Partial<Omit<Template, 'elements'>>): void {
    Object.assign(this.draft, patch);
  }

  add(type: ElementType, extra: { src?: string } = {}): void {
    this.commit();
    this.draft.elements.push(newElement(type, this.draft.width_mm, this.draft.height_mm, extra));
    this.selected = this.draft.elements.length - 1;
    this.commit();
  }

  remove(index: number): void {
    this.commit();
    this.draft.elements.splice(index, 1);
    this.selected = null;
    this.commit();
  }

  /** Moves element `index` one step up (+1) or down (-1) in the drawing order. */
  reorder(index: number, by: 1 | -1): void {
    const to = index + by;
    const list = this.draft.elements;
    if (to < 0 || to >= list.length) return;
    this.commit();
    const [moved] = list.splice(index, 1);
    if (moved) list.splice(to, 0, moved);
    this.selected = to;
    this.commit();
  }

  /** After a successful save: this draft is the saved version. */
  markSaved(saved: Template): void {
    this.savedJson = json(saved);
    this.#refused = null;
  }

  /** The server refused `sent` with these field errors; each shows until its field is changed. */
  markRefused(sent: Template, errors: FieldErrors): void {
    this.#refused = { errors, sent: clone(sent) };
  }
}
