/** What every element property section gets: its element, its errors, and how to change and commit it. */
import type { TemplateElement } from '@tagwright/shared/schemas';
import type { FieldErrors } from './template-issues.ts';

export interface SectionProps<E extends TemplateElement = TemplateElement> {
  element: E;
  errors: FieldErrors;
  disabled: boolean;
  update: (patch: Partial<E>) => void;
  commit: () => void;
}

export const choices = <T extends string>(values: readonly T[], label: (v: T) => string = (v) => v) =>
  values.map((value) => ({ value, label: label(value) }));
