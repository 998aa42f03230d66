/** The worksheet names of an upload, for the sheet picker: [] for a CSV. */
import path from 'node:path';
import { xlsxSheetNames } from '@tagwright/worker/import';

/** Unreadable files give [] too: reading the rows then says what is wrong, with the import's own message. */
export async function workbookSheets(file: string): Promise<string[]> {
  if (path.extname(file).toLowerCase() !== '.xlsx') return [];
  return xlsxSheetNames(file).catch(() => []);
}
