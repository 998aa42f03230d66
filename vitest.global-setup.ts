/** Test-run setup: builds the Postgres template clusters once; each test file copies one. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTemplates, type PostgresTemplates } from './stack/src/testing/test-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTemplates: PostgresTemplates;
  }
}

export default async function setup(project: TestProject) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-pg-templates-'));
  await fs.chmod(root, 0o755); // the postgres user (when we are root) must reach the clusters
  project.provide('postgresTemplates', await buildTemplates(root));
  return async () => {
    await fs.rm(root, { recursive: true, force: true });
  };
}
