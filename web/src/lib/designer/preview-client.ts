/** Fetches the designer's engine drawings: per-element layers for the canvas and the whole label for the preview. */
import type { Template, TemplateElement } from '@tagwright/shared/schemas';

export type LayerView = { svg: true; url: string } | { error: string };

export interface Layers {
  layers: LayerView[];
  /** The elements as they were when drawn (the canvas shifts a layer by how far its element moved since). */
  elements: TemplateElement[];
  missing: string[];
}

export type Preview = { url: string; error?: undefined } | { error: string; url?: undefined };

const svgUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

async function problem(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: string };
    return body.error ?? `The server answered ${response.status}.`;
  } catch {
    return `The server answered ${response.status}.`;
  }
}

export async function fetchLayers(template: Template, productId: string, signal: AbortSignal): Promise<Layers | { error: string }> {
  const response = await fetch('/api/templates/layers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template, product_id: productId || undefined }),
    signal,
  });
  if (!response.ok) return { error: await problem(response) };
  const body = (await response.json()) as { layers: ({ svg: string } | { error: string })[]; missing: string[] };
  return {
    layers: body.layers.map((l) => ('svg' in l ? { svg: true as const, url: svgUrl(l.svg) } : l)),
    elements: template.elements,
    missing: body.missing,
  };
}

export async function fetchPreview(template: Template, productId: string, signal: AbortSignal): Promise<Preview> {
  const response = await fetch('/api/templates/preview', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template, product_id: productId || undefined }),
    signal,
  });
  if (!response.ok) return { error: await problem(response) };
  return { url: svgUrl(await response.text()) };
}
