/**
 * `npm test`: every vitest test (unit and integration), then the Playwright e2e suite, and a closing
 * line `N passed, N failed` over both. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const results = path.join(repo, 'test-results');
fs.mkdirSync(results, { recursive: true });
const bin = (name: string) => path.join(repo, 'node_modules/.bin', name);
const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: repo, stdio: 'inherit' }).status ?? 1;

const vitestJson = path.join(results, 'vitest.json');
const e2eJson = path.join(results, 'e2e.json');
for (const file of [vitestJson, e2eJson]) fs.rmSync(file, { force: true });

const vitest = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
  ...process.argv.slice(2),
]);
const e2e = run(bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts']);

const read = (file: string) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
const v = read(vitestJson) as { numPassedTests: number; numFailedTests: number } | undefined;
const p = read(e2eJson) as { stats: { expected: number; unexpected: number; flaky: number } } | undefined;
const passed = (v?.numPassedTests ?? 0) + (p ? p.stats.expected + p.stats.flaky : 0);
// a suite that wrote no results (it crashed before running) counts as one failure
const failed = (v?.numFailedTests ?? 0) + (p?.stats.unexpected ?? 0) + (v ? 0 : 1) + (p ? 0 : 1);
const summary = (passedCount: number, failedCount: number) => `${passedCount} passed, ${failedCount} failed`;
console.log(
  `\nvitest: ${v ? summary(v.numPassedTests, v.numFailedTests) : 'no results'}; e2e: ${p ? summary(p.stats.expected + p.stats.flaky, p.stats.unexpected) : 'no results'}`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(vitest !== 0 || e2e !== 0 ? 1 : 0);
