/** The offline supply-chain checks and reading npm audit's answer, including when it could not run. */
import { describe, expect, test } from 'vitest';
import { lockfileProblems, packageName, readAudit } from './lockfile-checks.ts';

const good = { integrity: 'sha512-abc', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz' };

describe('lockfile checks', () => {
  test('nested and scoped names', () => {
    expect(packageName('node_modules/a/node_modules/@b/c')).toBe('@b/c');
    expect(packageName('web/node_modules/pg')).toBe('pg');
  });

  test('a clean lockfile has no problems; workspace links, bundled packages and the root are skipped', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/a': good,
        'node_modules/@tagwright/web': { link: true },
        'node_modules/a/node_modules/b': { inBundle: true },
      },
    };
    expect(lockfileProblems(lock, {})).toEqual([]);
  });

  test('missing hashes, foreign tarballs and unlisted install scripts are each named', () => {
    const lock = {
      packages: {
        'node_modules/nohash': { resolved: good.resolved },
        'node_modules/fromgit': { ...good, resolved: 'git+ssh://git@github.com/x/y.git' },
        'node_modules/scripted': { ...good, hasInstallScript: true },
        'node_modules/allowed': { ...good, hasInstallScript: true },
      },
    };
    expect(lockfileProblems(lock, { allowed: false })).toEqual([
      'node_modules/nohash: no sha512 integrity hash; run npm install to re-lock it',
      'node_modules/fromgit: comes from git+ssh://git@github.com/x/y.git, not the npm registry',
      "node_modules/scripted: has an install script but package.json allowScripts doesn't say whether to run it",
    ]);
  });
});

describe('npm audit output', () => {
  test('counts when the advisory service answered', () => {
    const out = JSON.stringify({ metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 2, critical: 0, total: 3 } } });
    expect(readAudit(out)).toEqual({ counts: { info: 0, low: 1, moderate: 0, high: 2, critical: 0, total: 3 } });
  });

  test('the reason when it did not (a proxy refusing the POST, no network)', () => {
    expect(
      readAudit(JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk' })),
    ).toEqual({
      unavailable: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(readAudit('')).toEqual({ unavailable: 'npm audit printed no JSON (nothing)' });
  });
});
