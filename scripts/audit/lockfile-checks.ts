/**
 * Supply-chain checks that need no network, over package-lock.json: every installed package is
 * pinned by a sha512 integrity hash and comes from the npm registry (no git, file or URL
 * tarballs), and every package with an install script is named in package.json `allowScripts`
 * (so `npm ci` runs only scripts someone decided to allow).
 */

export interface LockPackage {
  resolved?: string;
  integrity?: string;
  link?: boolean;
  /** Shipped inside another package's tarball (bundledDependencies): covered by that one's hash. */
  inBundle?: boolean;
  hasInstallScript?: boolean;
}

export interface Lockfile {
  packages: Record<string, LockPackage>;
}

/** node_modules/a/node_modules/@b/c → @b/c */
export function packageName(lockPath: string): string {
  return lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

export function lockfileProblems(lock: Lockfile, allowScripts: Record<string, boolean>): string[] {
  const problems: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (!where.includes('node_modules/') || entry.link || entry.inBundle) continue;
    const name = packageName(where);
    if (!entry.integrity?.startsWith('sha512-')) problems.push(`${where}: no sha512 integrity hash; run npm install to re-lock it`);
    if (entry.resolved && !entry.resolved.startsWith('https://registry.npmjs.org/'))
      problems.push(`${where}: comes from ${entry.resolved}, not the npm registry`);
    if (entry.hasInstallScript && !Object.hasOwn(allowScripts, name))
      problems.push(`${where}: has an install script but package.json allowScripts doesn't say whether to run it`);
  }
  return problems;
}

export interface AuditCounts {
  info: number;
  low: number;
  moderate: number;
  high: number;
  critical: number;
  total: number;
}

/** The counts from `npm audit --json`, or why there are none (the registry refused, no network…). */
export function readAudit(stdout: string): { counts: AuditCounts } | { unavailable: string } {
  let report: { metadata?: { vulnerabilities?: AuditCounts }; message?: string; error?: { summary?: string } };
  try {
    report = JSON.parse(stdout);
  } catch {
    return { unavailable: `npm audit printed no JSON (${stdout.trim().slice(0, 200) || 'nothing'})` };
  }
  if (report.metadata?.vulnerabilities) return { counts: report.metadata.vulnerabilities };
  return { unavailable: report.message ?? report.error?.summary ?? 'npm audit gave no vulnerability counts' };
}
