/**
 * Makes sure the tools the tests check outputs with are there (run before `npm test`): zbarimg
 * (Debian zbar-tools) decodes barcodes, pdfinfo/pdftoppm/pdftotext (poppler-utils) read PDFs.
 * Installs them with apt-get as root, else stops with the one command to run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const TOOLS: Record<string, string> = {
  zbarimg: 'zbar-tools',
  pdfinfo: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  pdftotext: 'poppler-utils',
};

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const missing = () => [
  ...new Set(
    Object.entries(TOOLS)
      .filter(([command]) => !onPath(command))
      .map(([, pkg]) => pkg),
  ),
];

const packages = missing();
if (packages.length > 0) {
  const command = `apt-get install -y ${packages.join(' ')}`;
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.error(`tagwright: the tests need ${packages.join(' and ')}; running: ${command}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () =>
      spawnSync('apt-get', ['install', '-y', ...packages], { stdio: ['ignore', 'inherit', 'inherit'], env }).status === 0;
    if (!install()) {
      spawnSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
      install();
    }
  }
  const still = missing();
  if (still.length > 0) {
    console.error(
      `tagwright: the tests need ${still.join(' and ')} (barcode and PDF checks); install them with: sudo apt-get install -y ${still.join(' ')}`,
    );
    process.exit(1);
  }
}
