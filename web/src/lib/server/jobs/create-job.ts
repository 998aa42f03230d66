/** Inserts a label_run job as the user (RLS: editors and owners of the workspace only) and says why when it can't. */

import type { TransactionSql } from '@tagwright/shared/db';
import type { LabelRunParams } from '@tagwright/shared/schemas';

export class JobRequestError extends Error {
  override readonly name = 'JobRequestError';
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 = 400,
  ) {
    super(message);
  }
}

const RLS_REFUSED = '42501';

export async function createLabelRun(tx: TransactionSql, workspaceId: string, params: LabelRunParams): Promise<string> {
  const [template] = await tx`select 1 from public.templates where id = ${params.template_id} and workspace_id = ${workspaceId}`;
  if (!template) throw new JobRequestError('That template is not in this workspace any more; pick another one.');
  try {
    const [row] = await tx<{ id: string }[]>`
      insert into public.jobs (workspace_id, kind, params) values (${workspaceId}, 'label_run', ${tx.json(params as never)}) returning id`;
    if (!row) throw new Error('the job row was not created');
    return row.id;
  } catch (error) {
    if ((error as { code?: string }).code === RLS_REFUSED)
      throw new JobRequestError('Viewers cannot start jobs; ask an owner of the workspace to make you an editor.', 403);
    throw error;
  }
}
