/**
 * Where the Deno executable is: the one the npm `deno` package installs (a dependency of the stack),
 * found through the package rather than PATH so every machine runs the same Deno version.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StackError } from '../errors.ts';

const require = createRequire(import.meta.url);

let found: string | undefined;

export function denoExecutable(): string {
  found ??= locate();
  return found;
}

function locate(): string {
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('deno/package.json'));
  } catch (error) {
    throw new StackError(
      `The npm package "deno" is not installed (${(error as Error).message.split('\n')[0]}); run npm install to serve Functions.`,
    );
  }
  const executable = path.join(packageDir, process.platform === 'win32' ? 'deno.exe' : 'deno');
  if (fs.existsSync(executable)) return executable;
  // The package's postinstall copies the platform binary next to it; when that was skipped, its
  // install API finds (and copies) the binary from the @deno/<platform> package.
  const install = require(path.join(packageDir, 'install_api.cjs')) as { runInstall(): string };
  try {
    return install.runInstall();
  } catch (error) {
    throw new StackError(
      `No Deno executable for this platform in ${packageDir} (${(error as Error).message}); reinstall the "deno" package.`,
    );
  }
}
