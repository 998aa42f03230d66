/**
 * Makes sure a Chromium is there for the pipeline (run before `npm test` and `npm start`), looking
 * where the worker looks (worker/src/browser/find-chromium.ts). When none is found it installs one —
 * `apt-get install -y chromium` as root, else Playwright's installer — or stops with the one
 * command to run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { ChromiumNotFoundError, findChromium } from '../worker/src/browser/find-chromium.ts';

function found(): string | undefined {
  try {
    return findChromium().executablePath;
  } catch (error) {
    if (error instanceof ChromiumNotFoundError) return undefined;
    throw error;
  }
}

function run(command: string, args: string[]): boolean {
  console.error(`tagwright: no Chromium found; running: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

if (!found()) {
  const root = process.getuid?.() === 0;
  const apt = fs.existsSync('/usr/bin/apt-get');
  if (root && apt) {
    if (!run('apt-get', ['install', '-y', 'chromium'])) {
      run('apt-get', ['update']);
      run('apt-get', ['install', '-y', 'chromium']);
    }
  } else {
    const cli = createRequire(new URL('../worker/package.json', import.meta.url)).resolve('playwright-core/cli.js');
    run(process.execPath, [cli, 'install', 'chromium']);
  }
  const now = found();
  if (!now) {
    try {
      findChromium();
    } catch (error) {
      console.error(`tagwright: ${(error as Error).message}`);
    }
    process.exit(1);
  }
  console.error(`tagwright: Chromium ready at ${now}`);
}
