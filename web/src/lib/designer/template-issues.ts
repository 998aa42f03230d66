/** Turns schema problems into messages keyed by field path ("name", "elements.2.fontSize"), shown beside that field. */

export interface Issue {
  path: PropertyKey[];
  message: string;
}

export type FieldErrors = Record<string, string>;

export const pathKey = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** The first message per field path. */
export function fieldErrors(issues: readonly Issue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = pathKey(issue.path) || 'template';
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Messages that belong to element `index` (keyed by its field, e.g. "fontSize"). */
export function elementErrors(errors: FieldErrors, index: number): FieldErrors {
  const prefix = `elements.${index}`;
  const own: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key === prefix) own.element = message;
    else if (key.startsWith(`${prefix}.`)) own[key.slice(prefix.length + 1)] = message;
  }
  return own;
}

/** Indexes of elements with at least one problem. */
export function elementsWithErrors(errors: FieldErrors): Set<number> {
  const out = new Set<number>();
  for (const key of Object.keys(errors)) {
    const m = /^elements\.(\d+)(\.|$)/.exec(key);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

/** The value at a field path ("elements.2.value"; "template" is the whole draft). */
function valueAt(root: unknown, key: string): unknown {
  if (key === 'template') return root;
  return key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], root);
}

/**
 * The server's answers to a refused save that still apply: those whose field has the value that
 * was sent. Once the user edits a field, its old answer goes (the live schema check takes over).
 */
export function standingErrors(errors: FieldErrors, sent: unknown, draft: unknown): FieldErrors {
  const standing: FieldErrors = {};
  for (const [key, message] of Object.entries(errors))
    if (JSON.stringify(valueAt(sent, key)) === JSON.stringify(valueAt(draft, key))) standing[key] = message;
  return standing;
}
