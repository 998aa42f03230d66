/**
 * `npm run audit` (in CI after lint): the offline supply-chain checks of the lockfile, then
 * `npm audit` of the production dependencies. Fails on a lockfile problem or a high/critical
 * advisory; when the advisory service can't be reached (offline, or a proxy that refuses its
 * POST) it says so and why, and the offline checks stand alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { lockfileProblems, readAudit } from './audit/lockfile-checks.ts';

const repo = path.resolve(import.meta.dirname, '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(repo, file), 'utf8'));
const problems = lockfileProblems(read('package-lock.json'), read('package.json').allowScripts ?? {});
for (const problem of problems) console.error(`audit: ${problem}`);
console.log(
  `audit: lockfile — ${problems.length === 0 ? 'every package pinned by sha512 from the npm registry; install scripts all decided in allowScripts' : `${problems.length} problem(s)`}`,
);

const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
const result = readAudit(audit.stdout ?? '');
let failed = problems.length > 0;
if ('counts' in result) {
  const { critical, high, moderate, low } = result.counts;
  console.log(`audit: npm audit (production) — ${critical} critical, ${high} high, ${moderate} moderate, ${low} low`);
  if (critical + high > 0) {
    console.error('audit: run `npm audit --omit=dev` for the advisories and upgrade (or pin) the packages named.');
    failed = true;
  }
} else {
  console.log(`audit: npm audit could not run: ${result.unavailable}. Only the offline lockfile checks above apply.`);
}
process.exit(failed ? 1 : 0);
