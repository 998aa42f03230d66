/** Health of what the dashboard depends on: the database and its schema version. */
import { schemaVersion } from '@tagwright/shared/db';
import { db } from './db.ts';

export interface Health {
  ok: boolean;
  db: string;
  schema: string | null;
}

export async function checkHealth(timeoutMs = 3000): Promise<Health> {
  try {
    const version = await Promise.race([
      schemaVersion(db()),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { ok: version !== undefined, db: 'ok', schema: version ?? null };
  } catch (error) {
    return { ok: false, db: `error: ${(error as Error).message}`, schema: null };
  }
}
