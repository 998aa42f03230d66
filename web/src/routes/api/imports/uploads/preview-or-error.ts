/** A preview, or the reader's clear message (corrupt, encrypted, empty, no header) as the preview's error. */
import { ImportError } from '@tagwright/worker/import';
import type { SheetPreview } from '$lib/imports/types.ts';

export async function previewOrError(read: () => Promise<SheetPreview>, sheets: string[] = []): Promise<SheetPreview> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { sheets, sheet: null, headerRow: null, columns: [], rows: [], suggested: {}, error: e.message };
  }
}
