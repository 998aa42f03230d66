/** Test helpers for any workspace: a private Postgres per test file. */
import { inject } from 'vitest';
import { startTestPostgres, type TestPostgres } from './test-postgres.ts';

export type { TestPostgres };

/** A fresh Postgres for this test file, with every migration applied unless `empty` is asked for. */
export function testPostgres(options: { empty?: boolean } = {}): Promise<TestPostgres> {
  const templates = inject('postgresTemplates');
  return startTestPostgres(options.empty ? templates.empty : templates.migrated);
}
export { startTestStack, type TestStack } from './test-stack.ts';
