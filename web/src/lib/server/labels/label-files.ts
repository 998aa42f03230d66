/**
 * A label's stored PNG or PDF, read from Storage with the signed-in user's own client, so the
 * storage policies (members read their workspace's labels) decide — never a URL taken from a row.
 */
import type { SupabaseClient } from '@supabase/supabase-js';

export type LabelFileKind = 'png' | 'pdf';
export const CONTENT_TYPES: Record<LabelFileKind, string> = { png: 'image/png', pdf: 'application/pdf' };

export type ReadLabelFile = (path: string) => Promise<Uint8Array>;

export function storageReader(supabase: SupabaseClient): ReadLabelFile {
  return async (path) => {
    const { data, error } = await supabase.storage.from('labels').download(path);
    if (error || !data) throw new Error(`The file ${path} could not be read from storage (${error?.message ?? 'missing'}).`);
    return new Uint8Array(await data.arrayBuffer());
  };
}

/** "OAT-1L.png": the SKU printed on the label, else the label id. */
export function labelFileName(label: { id: string; data: Record<string, unknown> }, kind: LabelFileKind): string {
  const sku = typeof label.data.sku === 'string' && label.data.sku.trim() ? label.data.sku.trim() : label.id;
  return `${sku}.${kind}`;
}
