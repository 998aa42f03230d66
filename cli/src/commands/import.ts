/**
 * `tagwright import <file> [--sheet NAME] [--map sku=A,price=C,…] [--workspace NAME]`: imports a
 * spreadsheet into a workspace's products (Demo unless named), with a progress line on stderr and a
 * JSON summary as the last line on stdout: {"import_id","rows","imported","errors"}. Row errors are
 * listed (the first 20) and kept on the import; the exit code is 1 when any row failed.
 */
import path from 'node:path';
import type { Sql } from '@tagwright/shared';
import { ImportError, type ImportOptions, type ImportSummary, importProducts } from '@tagwright/worker/import';
import { withDatabase } from '../database.ts';
import type { Command } from '../main.ts';
import { parseFlags, stackFlags } from '../options.ts';
import { progressLine } from '../progress.ts';
import { UsageError } from '../usage-error.ts';
import { findWorkspace } from '../workspace.ts';

export const importCommand: Command = {
  usage: 'import <file.xlsx|file.csv> [--sheet NAME] [--map sku=A,price=C,…] [--workspace NAME]',
  summary: 'Import products from a spreadsheet (upsert by SKU); prints a JSON summary as its last line.',
  async run(args) {
    const { values, positionals } = parseFlags(
      args,
      { sheet: { type: 'string' }, map: { type: 'string' }, workspace: { type: 'string' }, ...stackFlags },
      { positionals: true },
    );
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the spreadsheet to import' : 'one file at a time');
    const file = path.resolve(positionals[0] ?? '');
    return withDatabase(values, async (sql) => {
      const workspaceId = await findWorkspace(sql, values.workspace);
      try {
        const summary = await importWithProgress(sql, { workspaceId, file, sheet: values.sheet, map: values.map });
        console.log(
          JSON.stringify({ import_id: summary.import_id, rows: summary.rows, imported: summary.imported, errors: summary.errors }),
        );
        return summary.errors > 0 ? 1 : 0;
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        console.error(`tagwright: ${error.message}`);
        console.log(JSON.stringify({ import_id: error.importId ?? null, rows: 0, imported: 0, errors: 0, error: error.message }));
        return 1;
      }
    });
  },
};

/** Imports with a progress line on stderr, then lists the first row errors there. */
export async function importWithProgress(sql: Sql, options: Omit<ImportOptions, 'sql' | 'onProgress'>): Promise<ImportSummary> {
  const line = progressLine();
  const name = path.basename(options.file);
  let summary: ImportSummary;
  try {
    summary = await importProducts({
      ...options,
      sql,
      onProgress: ({ rows, imported, errors }) =>
        line.update(`importing ${name}: ${rows} rows, ${imported} imported, ${errors} with errors`),
    });
  } finally {
    line.done();
  }
  if (summary.errors > 0) {
    const [row] = await sql<{ errors: { row: number; column: string; message: string }[] }[]>`
      select errors from public.imports where id = ${summary.import_id}`;
    for (const e of (row?.errors ?? []).slice(0, 20)) console.error(`  row ${e.row}, column ${e.column}: ${e.message}`);
    if (summary.errors > 20) console.error(`  … and more: ${summary.errors} rows in all (see the import in the dashboard)`);
  }
  return summary;
}
