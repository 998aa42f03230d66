/**
 * `tagwright run --products FILE --template NAME|FILE.json [--out DIR] [--policy …]`: the whole
 * path in one command — import the spreadsheet, start a label_run job for it, run a worker and
 * follow the job with a progress bar, then write each label (PNG/PDF/ZPL, named by SKU) and the
 * job's combined PDF and sheet PDF to DIR. Uses DATABASE_URL when set, else the local stack.
 * The last line on stdout is a JSON summary.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  findStock,
  labelPolicies,
  outputFormats,
  type Sql,
  starterTemplates,
  type Template,
  template as templateSchema,
} from '@tagwright/shared';
import { allHandlers, createLogger, processResources, Worker } from '@tagwright/worker';
import { ImportError } from '@tagwright/worker/import';
import { withPlatform } from '../database.ts';
import type { Command } from '../main.ts';
import { parseFlags, stackFlags } from '../options.ts';
import { bar, progressLine } from '../progress.ts';
import { UsageError } from '../usage-error.ts';
import { findWorkspace } from '../workspace.ts';
import { importWithProgress } from './import.ts';

const usage =
  'run --products FILE --template NAME|FILE.json [--out DIR] [--policy all|verified|mark_unverified] [--outputs png,pdf,sheet,zpl] [--stock ID] [--offset-x MM] [--offset-y MM] [--zpl-dpi 203|300] [--sheet NAME] [--map …] [--workspace NAME]';

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function millimetres(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n) || Math.abs(n) > 20) throw new UsageError(`${flag} is a shift in mm between -20 and 20 (got "${value}")`);
  return n;
}

/** A template file (JSON, checked against the schema), a template of the workspace by name, or a starter by name. */
async function resolveTemplate(sql: Sql, workspaceId: string, spec: string): Promise<{ id: string; template: Template }> {
  let input: unknown;
  if (spec.toLowerCase().endsWith('.json')) {
    const text = await fs.readFile(path.resolve(spec), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`can't read template file ${spec}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${spec} is not JSON: ${(error as Error).message}`);
    }
    const parsed = templateSchema.safeParse(input);
    if (!parsed.success)
      throw new UsageError(
        `${spec} is not a valid template — ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
    return { id: await saveTemplate(sql, workspaceId, parsed.data), template: parsed.data };
  }
  const [row] = await sql<{ id: string; name: string }[]>`
    select id, name from public.templates where workspace_id = ${workspaceId} and lower(name) = lower(${spec})`;
  const starter = starterTemplates.find((s) => s.name.toLowerCase() === spec.toLowerCase());
  if (row) {
    const [full] = await sql<Record<string, unknown>[]>`
      select name, width_mm::float8 as width_mm, height_mm::float8 as height_mm, dpi, stock, locale, background, elements
      from public.templates where id = ${row.id}`;
    return { id: row.id, template: templateSchema.parse(full) };
  }
  if (starter) {
    const parsed = templateSchema.parse(starter);
    return { id: await saveTemplate(sql, workspaceId, parsed), template: parsed };
  }
  const names = await sql<{ name: string }[]>`select name from public.templates where workspace_id = ${workspaceId} order by name`;
  const known = [...new Set([...names.map((n) => n.name), ...starterTemplates.map((s) => s.name)])];
  throw new UsageError(`no template "${spec}"; use a .json file or one of: ${known.map((k) => `"${k}"`).join(', ')}`);
}

async function saveTemplate(sql: Sql, workspaceId: string, t: Template): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.templates (workspace_id, name, width_mm, height_mm, dpi, stock, locale, background, elements)
    values (${workspaceId}, ${t.name}, ${t.width_mm}, ${t.height_mm}, ${t.dpi}, ${t.stock}, ${t.locale}, ${t.background}, ${sql.json(t.elements as never)})
    on conflict (workspace_id, name) do update set width_mm = excluded.width_mm, height_mm = excluded.height_mm, dpi = excluded.dpi,
      stock = excluded.stock, locale = excluded.locale, background = excluded.background, elements = excluded.elements, updated_at = now()
    returning id`;
  if (!row) throw new Error('the template was not saved');
  return row.id;
}

const safeName = (sku: string) => sku.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'label';

export const runCommand: Command = {
  usage,
  summary: 'Import a spreadsheet, check every product page and write its labels and sheet PDF to a folder; JSON summary last.',
  async run(args) {
    const { values } = parseFlags(args, {
      products: { type: 'string' },
      template: { type: 'string' },
      out: { type: 'string' },
      policy: { type: 'string' },
      outputs: { type: 'string' },
      stock: { type: 'string' },
      'offset-x': { type: 'string' },
      'offset-y': { type: 'string' },
      'zpl-dpi': { type: 'string' },
      sheet: { type: 'string' },
      map: { type: 'string' },
      workspace: { type: 'string' },
      ...stackFlags,
    });
    if (!values.products) throw new UsageError('give the spreadsheet with --products FILE');
    if (!values.template) throw new UsageError('give the label design with --template NAME or --template FILE.json');
    const policy = oneOf(values.policy ?? 'mark_unverified', labelPolicies, '--policy');
    const zplDpi = Number(oneOf(values['zpl-dpi'] ?? '203', ['203', '300', '600'], '--zpl-dpi')) as 203 | 300 | 600;
    const requested = values.outputs?.split(',').map((o) => oneOf(o.trim(), outputFormats, '--outputs'));
    if (values.stock) findStockOrUsage(values.stock);
    const out = path.resolve(values.out ?? 'labels');
    const file = path.resolve(values.products);

    return withPlatform(values, async ({ sql, env, source }) => {
      console.error(`tagwright: using ${source}`);
      const workspaceId = await findWorkspace(sql, values.workspace);
      const { id: templateId, template } = await resolveTemplate(sql, workspaceId, values.template as string);
      const stock = values.stock ?? template.stock;
      const outputs = requested ?? (['png', 'pdf', ...(stock ? ['sheet'] : [])] as (typeof outputFormats)[number][]);
      if (outputs.includes('sheet') && !stock)
        throw new UsageError(`the sheet output needs a stock: template "${template.name}" has none, so pass --stock (e.g. avery-l7160)`);

      let imported: Awaited<ReturnType<typeof importWithProgress>>;
      try {
        imported = await importWithProgress(sql, { workspaceId, file, sheet: values.sheet, map: values.map });
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        console.error(`tagwright: ${error.message}`);
        console.log(JSON.stringify({ import_id: error.importId ?? null, job_id: null, status: 'import_failed', error: error.message }));
        return 1;
      }
      if (imported.imported === 0) {
        console.error('tagwright: no product was imported, so there is nothing to label; fix the rows listed above.');
        console.log(JSON.stringify({ import_id: imported.import_id, job_id: null, status: 'nothing_imported', errors: imported.errors }));
        return 1;
      }
      const params = {
        import_id: imported.import_id,
        template_id: templateId,
        outputs,
        policy,
        zpl_dpi: zplDpi,
        sheet: {
          ...(values.stock ? { stock: values.stock } : {}),
          offset_x_mm: millimetres(values['offset-x'], '--offset-x'),
          offset_y_mm: millimetres(values['offset-y'], '--offset-y'),
        },
      };
      const [job] = await sql<{ id: string }[]>`
        insert into public.jobs (workspace_id, kind, params) values (${workspaceId}, 'label_run', ${sql.json(params)}) returning id`;
      const jobId = job?.id ?? '';
      const finished = await runAndFollow(sql, env, jobId);
      const written = finished.status === 'succeeded' ? await writeFiles(sql, jobId, out) : [];
      const [counts] = await sql<{ printed: number; verified: number; failed: number; skipped: number }[]>`
        select (select count(*) from public.labels where job_id = ${jobId})::int as printed,
          (select count(*) from public.labels where job_id = ${jobId} and verified)::int as verified,
          (select count(*) from public.job_items where job_id = ${jobId} and status = 'failed')::int as failed,
          (select count(*) from public.job_items where job_id = ${jobId} and status = 'skipped')::int as skipped`;
      if (finished.error) console.error(`tagwright: the job ${finished.status}: ${finished.error}`);
      else console.error(`tagwright: ${written.length} files in ${out}`);
      console.log(
        JSON.stringify({
          import_id: imported.import_id,
          job_id: jobId,
          status: finished.status,
          products: imported.imported,
          import_errors: imported.errors,
          labels: counts?.printed ?? 0,
          verified: counts?.verified ?? 0,
          unverified: (counts?.printed ?? 0) - (counts?.verified ?? 0),
          failed: counts?.failed ?? 0,
          skipped: counts?.skipped ?? 0,
          out,
          files: written,
          ...(finished.error ? { error: finished.error } : {}),
        }),
      );
      return finished.status === 'succeeded' && imported.errors === 0 ? 0 : 1;
    });
  },
};

function findStockOrUsage(id: string) {
  try {
    return findStock(id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs a worker in this process until the job ends, drawing its progress; returns the final status. */
async function runAndFollow(sql: Sql, env: NodeJS.ProcessEnv, jobId: string): Promise<{ status: string; error: string | null }> {
  const resources = processResources(env);
  // the progress bar is the output here; the worker's log only speaks up about trouble
  process.env.LOG_LEVEL ??= 'warn';
  const worker = new Worker({
    sql,
    log: createLogger({ service: 'run' }),
    handlers: allHandlers(resources),
    concurrency: 1,
    pollIntervalMs: 250,
  });
  const line = progressLine();
  await worker.start();
  try {
    for (;;) {
      const [row] = await sql<{ status: string; stage: string; progress: number; error: string | null; done: number; total: number }[]>`
        select j.status::text, j.stage::text, j.progress, j.error,
          (select count(*) from public.job_items i where i.job_id = j.id and i.status in ('succeeded', 'failed', 'skipped'))::int as done,
          (select count(*) from public.job_items i where i.job_id = j.id)::int as total
        from public.jobs j where j.id = ${jobId}`;
      if (!row) throw new Error(`job ${jobId} disappeared`);
      const finished = ['succeeded', 'failed', 'canceled'].includes(row.status);
      line.update(`${bar(row.progress)} ${row.stage} — ${row.done}/${row.total} products`, finished);
      if (finished) return { status: row.status, error: row.error };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    line.done();
    await worker.stop();
    await resources.close();
  }
}

/** Downloads each label (named by SKU) and the job-wide files into `out`; returns the file names. */
async function writeFiles(sql: Sql, jobId: string, out: string): Promise<string[]> {
  await fs.mkdir(out, { recursive: true });
  const written: string[] = [];
  const save = async (name: string, url: string) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`downloading ${name} from ${url} failed: HTTP ${response.status}`);
    await fs.writeFile(path.join(out, name), Buffer.from(await response.arrayBuffer()));
    written.push(name);
  };
  const labels = await sql<{ sku: string; png_url: string | null; pdf_url: string | null; zpl_url: string | null }[]>`
    select p.sku, l.png_url, l.pdf_url, l.zpl_url from public.labels l join public.products p on p.id = l.product_id
    where l.job_id = ${jobId} order by p.sku`;
  for (const label of labels) {
    for (const [url, ext] of [
      [label.png_url, 'png'],
      [label.pdf_url, 'pdf'],
      [label.zpl_url, 'zpl'],
    ] as const)
      if (url) await save(`${safeName(label.sku)}.${ext}`, url);
  }
  const [job] = await sql<{ outputs: Record<string, { url: string; path?: string; key?: string }> }[]>`
    select outputs from public.jobs where id = ${jobId}`;
  for (const file of Object.values(job?.outputs ?? {})) await save(path.basename(new URL(file.url).pathname), file.url);
  return written;
}
