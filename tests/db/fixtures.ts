/** Shared seed helpers for the DB tests: users, workspaces, members and one row in every data table. */
import { randomUUID } from 'node:crypto';
import type { Sql } from '@tagwright/shared/db';

/** Every table holding a workspace's data (RLS-scoped by workspace_id). */
export const DATA_TABLES = [
  'products',
  'templates',
  'imports',
  'jobs',
  'job_items',
  'job_events',
  'screenshots',
  'ocr_results',
  'matches',
  'labels',
] as const;
export type DataTable = (typeof DATA_TABLES)[number];

/** A text column per table that any writer may change, used to prove an update happened (or not). */
export const TOUCH_COLUMN: Record<DataTable, string> = {
  products: 'name',
  templates: 'stock',
  imports: 'error',
  jobs: 'error',
  job_items: 'error',
  job_events: 'type',
  screenshots: 'public_url',
  ocr_results: 'error',
  matches: 'found',
  labels: 'png_path',
};

export type Row = Record<string, string | number | boolean | null>;

/** The ids of one seeded row per data table in a workspace. */
export interface Seeded {
  workspaceId: string;
  importId: string;
  productId: string;
  templateId: string;
  jobId: string;
  jobItemId: string;
  screenshotId: string;
}

/** A user in auth.users, as GoTrue would create at sign-up. */
export async function createUser(sql: Sql, email: string): Promise<string> {
  const id = randomUUID();
  await sql`insert into auth.users (id, email, aud, role) values (${id}, ${email}, 'authenticated', 'authenticated')`;
  return id;
}

/** A workspace created by `ownerId` (the trigger makes them its owner). */
export async function createWorkspace(sql: Sql, name: string, ownerId: string): Promise<string> {
  const [ws] = await sql<{ id: string }[]>`insert into public.workspaces (name, created_by) values (${name}, ${ownerId}) returning id`;
  if (!ws) throw new Error('workspace not created');
  return ws.id;
}

export async function addMember(sql: Sql, workspaceId: string, userId: string, role: 'owner' | 'editor' | 'viewer'): Promise<void> {
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${userId}, ${role})`;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${randomUUID().slice(0, 8)}`;

async function insertRow(sql: Sql, table: string, row: Row): Promise<string> {
  const [inserted] = await sql<{ id: string }[]>`insert into ${sql(`public.${table}`)} ${sql(row)} returning id`;
  if (!inserted) throw new Error(`no row inserted into ${table}`);
  return String(inserted.id);
}

/** Seeds one row into every data table of the workspace (as superuser) and returns their ids. */
export async function seedWorkspace(sql: Sql, workspaceId: string): Promise<Seeded> {
  const importId = await insertRow(sql, 'imports', { workspace_id: workspaceId, file_name: 'products.xlsx' });
  const productId = await insertRow(sql, 'products', {
    workspace_id: workspaceId,
    sku: unique('sku'),
    name: 'Oat milk 1 l',
    price: '1.99',
    currency: 'EUR',
    url: 'https://shop.example/oat-milk',
    import_id: importId,
  });
  const templateId = await insertRow(sql, 'templates', { workspace_id: workspaceId, name: unique('shelf'), width_mm: 62, height_mm: 29 });
  const jobId = await insertRow(sql, 'jobs', { workspace_id: workspaceId, kind: 'label_run' });
  const seeded = { workspaceId, importId, productId, templateId, jobId, jobItemId: '', screenshotId: '' };
  seeded.jobItemId = await insertRow(sql, 'job_items', { ...(await newRow(sql, 'job_items', seeded)), product_id: productId });
  seeded.screenshotId = await insertRow(sql, 'screenshots', await newRow(sql, 'screenshots', seeded));
  for (const table of ['job_events', 'ocr_results', 'matches', 'labels'] as const)
    await insertRow(sql, table, await newRow(sql, table, seeded));
  return seeded;
}

/**
 * A valid new row for `table` in the seeded workspace, pointing at that workspace's parents. Rows that
 * need a fresh parent to stay unique (an OCR result per screenshot, a match per item and field) get one
 * created here as superuser, so the caller's insert tests only the policy.
 */
export async function newRow(sql: Sql, table: DataTable, s: Seeded): Promise<Row> {
  const ws = s.workspaceId;
  switch (table) {
    case 'products':
      return { workspace_id: ws, sku: unique('sku'), name: 'Rye bread', price: '3.50', currency: 'EUR', url: 'https://shop.example/rye' };
    case 'templates':
      return { workspace_id: ws, name: unique('tpl'), width_mm: 50, height_mm: 30 };
    case 'imports':
      return { workspace_id: ws, file_name: 'more-products.csv' };
    case 'jobs':
      return { workspace_id: ws, kind: 'label_run' };
    case 'job_items':
      return { workspace_id: ws, job_id: s.jobId, url: 'https://shop.example/rye' };
    case 'job_events':
      return { workspace_id: ws, job_id: s.jobId, type: 'job:created' };
    case 'screenshots':
      return { workspace_id: ws, job_id: s.jobId, job_item_id: s.jobItemId, name: unique('viewport'), kind: 'viewport' };
    case 'ocr_results': {
      const screenshotId = await insertRow(sql, 'screenshots', await newRow(sql, 'screenshots', s));
      return { workspace_id: ws, job_id: s.jobId, screenshot_id: screenshotId };
    }
    case 'matches': {
      const jobItemId = await insertRow(sql, 'job_items', await newRow(sql, 'job_items', s));
      return { workspace_id: ws, job_id: s.jobId, job_item_id: jobItemId, field: 'price', verdict: 'match' };
    }
    case 'labels':
      return { workspace_id: ws, job_id: s.jobId, job_item_id: s.jobItemId };
  }
}
