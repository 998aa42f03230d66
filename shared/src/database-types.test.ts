/** The committed DB types match the migrations (regenerate with `npm run gen:types`). */
import fs from 'node:fs/promises';
import { expect, test } from 'vitest';
import { generateDbTypes, typesFile } from '../../scripts/gen-db-types.ts';

test('shared/src/database.types.ts is generated from the current migrations', async () => {
  const committed = await fs.readFile(typesFile, 'utf8');
  expect(await generateDbTypes(), 'run `npm run gen:types` and commit the result').toBe(committed);
  expect(committed).toContain('jobs: {');
}, 60_000);
