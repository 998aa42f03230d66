/**
 * Where the worker's Chromium is: `CHROMIUM_PATH` if set, else the system's (Debian's `chromium`
 * package — its /usr/bin/chromium is a shell wrapper, /usr/lib/chromium/chromium the real binary),
 * else the browser Playwright installed. Nothing found is an error whose message is the one
 * command to run. scripts/ensure-chromium.ts uses this before `npm test`/`start`.
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export interface FoundChromium {
  executablePath: string;
  source: 'env' | 'system' | 'playwright';
}

export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/lib/chromium/chromium',
  '/usr/lib/chromium-browser/chromium-browser',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];

export class ChromiumNotFoundError extends Error {
  override readonly name = 'ChromiumNotFoundError';
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function playwrightPath(): string | null {
  try {
    return chromium.executablePath();
  } catch {
    return null; // playwright-core throws when it has no browser registered for this platform
  }
}

export interface FindOptions {
  env?: NodeJS.ProcessEnv;
  systemPaths?: readonly string[];
  playwrightPath?: () => string | null;
  isRoot?: boolean;
}

export function findChromium(options: FindOptions = {}): FoundChromium {
  const env = options.env ?? process.env;
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { executablePath: fromEnv, source: 'env' };
    throw new ChromiumNotFoundError(`CHROMIUM_PATH=${fromEnv} is not an executable file; point it at a Chromium binary or unset it`);
  }
  for (const file of options.systemPaths ?? SYSTEM_CHROMIUM_PATHS)
    if (isExecutable(file)) return { executablePath: file, source: 'system' };
  const own = (options.playwrightPath ?? playwrightPath)();
  if (own && isExecutable(own)) return { executablePath: own, source: 'playwright' };
  const root = options.isRoot ?? process.getuid?.() === 0;
  const command = root ? 'apt-get install -y chromium' : 'npx playwright install chromium';
  throw new ChromiumNotFoundError(`No Chromium found for the crawler; run \`${command}\` (or set CHROMIUM_PATH to a Chromium binary)`);
}
