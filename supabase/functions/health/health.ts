/**
 * What the health function answers: that it runs (ok, its name, the time, the Deno version), which of
 * the variables Supabase gives every function are set (never their values), and whether the
 * database host in SUPABASE_DB_URL accepts a TCP connection. No imports, so it boots offline and fast.
 */

const EXPECTED_ENV = ['SUPABASE_URL', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_DB_URL'] as const;
const DATABASE_TIMEOUT_MS = 1000;

export interface HealthReport {
  ok: true;
  function: 'health';
  time: string;
  deno: string;
  env: Record<(typeof EXPECTED_ENV)[number], boolean>;
  /** TCP reachability of the database host; 'not configured' without SUPABASE_DB_URL. */
  database: 'reachable' | 'unreachable' | 'not configured';
}

export type Connect = (options: { hostname: string; port: number }) => Promise<{ close(): void }>;

/** Can a TCP connection to the URL's host and port be opened within a second? */
export async function databaseReachable(databaseUrl: string | undefined, connect: Connect): Promise<HealthReport['database']> {
  if (!databaseUrl) return 'not configured';
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return 'unreachable'; // not a URL: nothing to connect to
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const port = Number(url.port || 5432);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'unreachable'>((resolve) => {
    timer = setTimeout(() => resolve('unreachable'), DATABASE_TIMEOUT_MS);
  });
  const attempt = connect({ hostname, port }).then(
    (connection) => {
      connection.close();
      return 'reachable' as const;
    },
    () => 'unreachable' as const,
  );
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function healthReport(env: (name: string) => string | undefined, connect: Connect): Promise<HealthReport> {
  return {
    ok: true,
    function: 'health',
    time: new Date().toISOString(),
    deno: Deno.version.deno,
    env: Object.fromEntries(EXPECTED_ENV.map((name) => [name, Boolean(env(name))])) as HealthReport['env'],
    database: await databaseReachable(env('SUPABASE_DB_URL'), connect),
  };
}
