#!/usr/bin/env node
/**
 * Makes sure a Chromium is there for the pipeline (run before `npm test` and `npm start`): the
 * system's (Debian `chromium`), CHROMIUM_PATH, or Playwright's own. When none is found it installs
 * one — `apt-get install -y chromium` as root, else Playwright's installer — or stops with the one
 * command to run. The worker looks in the same places (worker/src/browser).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_PATHS = [
  '/usr/lib/chromium/chromium',
  '/usr/lib/chromium-browser/chromium-browser',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];

function playwrightChromium() {
  try {
    const require = createRequire(new URL('../worker/package.json', import.meta.url));
    return require('playwright-core').chromium.executablePath();
  } catch {
    return undefined;
  }
}

function found() {
  const candidates = [process.env.CHROMIUM_PATH, ...SYSTEM_PATHS, playwrightChromium()].filter(Boolean);
  return candidates.find((file) => fs.existsSync(file));
}

function run(command, args) {
  console.error(`tagwright: no Chromium found; running: ${command} ${args.join(' ')}`);
  return (
    spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      .status === 0
  );
}

if (!found()) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = fs.existsSync('/usr/bin/apt-get');
  if (root && apt) {
    if (!run('apt-get', ['install', '-y', 'chromium'])) {
      run('apt-get', ['update']);
      run('apt-get', ['install', '-y', 'chromium']);
    }
  } else {
    run(process.execPath, [
      createRequire(new URL('../worker/package.json', import.meta.url)).resolve('playwright-core/cli.js'),
      'install',
      'chromium',
    ]);
  }
  const now = found();
  if (!now) {
    console.error(
      root || !apt
        ? 'tagwright: Chromium could not be installed. Install it and run again: `npx playwright install chromium` (or set CHROMIUM_PATH to a Chromium binary).'
        : 'tagwright: Chromium is needed. Run `sudo apt-get install -y chromium` (or `npx playwright install chromium`), then run again.',
    );
    process.exit(1);
  }
  console.error(`tagwright: Chromium ready at ${now}`);
}
