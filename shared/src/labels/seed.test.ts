/** supabase/seed.sql carries the current starter templates (regenerate with `npm run gen:seed`). */
import fs from 'node:fs/promises';
import { expect, test } from 'vitest';
import { generateSeed, seedPath } from '../../../scripts/gen-seed.ts';

test('seed.sql is generated from the starter templates', async () => {
  expect(await fs.readFile(seedPath, 'utf8'), 'supabase/seed.sql is stale: run `npm run gen:seed`').toBe(generateSeed());
});
