/**
 * `npm test`: every vitest test (unit and integration), the edge functions' `deno test`, the chaos
 * suite (one test: workers killed, Postgres restarted, sockets cut; see tests/chaos), then the
 * Playwright e2e suite, and a closing line `N passed, N failed` over all of them. Exits non-zero
 * when anything failed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { denoExecutable } from '../stack/src/functions/deno-binary.ts';

const repo = path.resolve(import.meta.dirname, '..');
const results = path.join(repo, 'test-results');
fs.mkdirSync(results, { recursive: true });
const bin = (name: string) => path.join(repo, 'node_modules/.bin', name);
const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: repo, stdio: 'inherit' }).status ?? 1;

const vitestJson = path.join(results, 'vitest.json');
const e2eJson = path.join(results, 'e2e.json');
const denoXml = path.join(results, 'deno.xml');
for (const file of [vitestJson, e2eJson, denoXml]) fs.rmSync(file, { force: true });

const vitest = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
  ...process.argv.slice(2),
]);
// One run over every function's tests, with the import map the functions share (zod, postgres).
const functionsDir = path.join(repo, 'supabase/functions');
const denoTests = fs
  .readdirSync(functionsDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => path.join('supabase/functions', file));
const deno = run(denoExecutable(), [
  'test',
  '--config',
  'supabase/functions/jobs/deno.json',
  '--no-lock',
  '--allow-env',
  '--allow-net',
  '--allow-read',
  `--junit-path=${denoXml}`,
  ...denoTests,
]);
const chaos = run(bin('tsx'), ['tests/chaos/run-chaos.ts']);
const e2e = run(bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts']);

const read = (file: string) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
}
const v = read(vitestJson) as VitestReport | undefined;
// a file whose hook failed (beforeAll, afterAll) fails with no failed test, and its tests are not run
const vitestFileFailures = (v?.testResults ?? []).filter(
  (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
);
const vitestFailed = (v?.numFailedTests ?? 0) + vitestFileFailures.length;
const p = read(e2eJson) as { stats: { expected: number; unexpected: number; flaky: number } } | undefined;
const d = readJunitTotals(denoXml);
const passed = (v?.numPassedTests ?? 0) + (p ? p.stats.expected + p.stats.flaky : 0) + (d ? d.tests - d.failed : 0) + (chaos === 0 ? 1 : 0);
// a suite that wrote no results (it crashed before running), or failed with no failed test (vitest's
// unhandled errors), counts as one failure
const beyondTests = (code: number, failedTests: number) => (code !== 0 && failedTests === 0 ? 1 : 0);
const failed =
  vitestFailed +
  (p?.stats.unexpected ?? 0) +
  (d?.failed ?? 0) +
  (chaos === 0 ? 0 : 1) +
  (v ? beyondTests(vitest, vitestFailed) : 1) +
  (p ? beyondTests(e2e, p.stats.unexpected) : 1) +
  (d ? beyondTests(deno, d.failed) : 1);
const summary = (passedCount: number, failedCount: number) => `${passedCount} passed, ${failedCount} failed`;
const vitestSummary = v
  ? [
      summary(v.numPassedTests, vitestFailed),
      ...(vitestFileFailures.length > 0
        ? [
            `${vitestFileFailures.length} of them a file outside its tests: ${vitestFileFailures.map((f) => path.relative(repo, f.name)).join(', ')}`,
          ]
        : []),
      ...(v.numPendingTests > 0 ? [`${v.numPendingTests} not run`] : []),
    ].join(', ')
  : 'no results';
console.log(
  `\nvitest: ${vitestSummary}; deno: ${d ? summary(d.tests - d.failed, d.failed) : 'no results'}; chaos: ${chaos === 0 ? 'passed' : 'failed'}; e2e: ${p ? summary(p.stats.expected + p.stats.flaky, p.stats.unexpected) : 'no results'}`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(vitest !== 0 || deno !== 0 || chaos !== 0 || e2e !== 0 ? 1 : 0);

/** tests and failures (+ errors) from the <testsuites> line of a JUnit report. */
function readJunitTotals(file: string): { tests: number; failed: number } | undefined {
  if (!fs.existsSync(file)) return undefined;
  const head = /<testsuites[^>]*>/.exec(fs.readFileSync(file, 'utf8'))?.[0] ?? '';
  const count = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(head)?.[1] ?? 0);
  return { tests: count('tests'), failed: count('failures') + count('errors') };
}
