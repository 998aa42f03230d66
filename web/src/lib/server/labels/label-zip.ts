/** The selected labels' PNG and PDF files as zip entries, read one at a time (never all in memory). */
import { labelFileName, type ReadLabelFile } from './label-files.ts';
import type { PrintableLabel } from './label-rows.ts';
import { type ZipFile, zipNames } from './zip.ts';

export async function* labelZipFiles(labels: PrintableLabel[], read: ReadLabelFile): AsyncGenerator<ZipFile> {
  const name = zipNames();
  for (const label of labels) {
    const modified = new Date(label.created_at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
    for (const kind of ['png', 'pdf'] as const) {
      const path = kind === 'png' ? label.png_path : label.pdf_path;
      if (path) yield { name: name(labelFileName(label, kind)), data: await read(path), modified };
    }
  }
}
