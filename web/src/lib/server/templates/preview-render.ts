/** Draws a template for the designer with the worker's engine: the whole label as SVG, or one SVG layer per element. */
import { type LabelData, type Template, template as templateSchema } from '@tagwright/shared';
import { BarcodeError, labelSvg, layoutLabel, RenderError } from '@tagwright/worker/render';
import { type FieldErrors, fieldErrors } from '../../designer/template-issues.ts';

export type Checked = { ok: true; template: Template } | { ok: false; error: string; fields: FieldErrors };

/** Validates with the shared schema; the error names the first problem's field. */
export function checkTemplate(input: unknown): Checked {
  const parsed = templateSchema.safeParse(input);
  if (parsed.success) return { ok: true, template: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: `${where}${issue?.message ?? 'not a template'}`, fields: fieldErrors(parsed.error.issues) };
}

const renderProblem = (error: unknown) => (error instanceof RenderError || error instanceof BarcodeError ? error.message : undefined);

/** The label for `data` as an SVG document, or the RenderError's message. */
export function previewSvg(template: Template, data: LabelData): { svg: string } | { error: string } {
  try {
    return { svg: labelSvg(layoutLabel(template, data)) };
  } catch (error) {
    const message = renderProblem(error);
    if (message === undefined) throw error;
    return { error: message };
  }
}

export type Layer = { svg: string } | { error: string };

/** Each element drawn alone on a transparent label, so the canvas can move one while the rest stay put. */
export function previewLayers(template: Template, data: LabelData): { layers: Layer[]; missing: string[] } {
  const missing = new Set<string>();
  const layers = template.elements.map((element, index): Layer => {
    try {
      const drawing = layoutLabel({ ...template, elements: [element] }, data);
      for (const m of drawing.missing) missing.add(m);
      return { svg: labelSvg({ ...drawing, background: 'none' }) };
    } catch (error) {
      const message = renderProblem(error);
      if (message === undefined) throw error;
      return { error: message.replace(/^Element 1\b/, `Element ${index + 1}`) };
    }
  });
  return { layers, missing: [...missing] };
}
