/**
 * The environment a function runs with, as Supabase gives it: SUPABASE_URL, SUPABASE_ANON_KEY,
 * SUPABASE_SERVICE_ROLE_KEY and SUPABASE_DB_URL of this stack, the secrets of
 * supabase/functions/.env (read at every boot, so edits apply), only the few host variables
 * Deno itself needs (HOME for its cache, proxies, certificates, DENO_* and NPM_CONFIG_*), and the
 * functions' own settings (WEBHOOK_ALLOW_HOSTS, USER_RATE_LIMIT_PER_MINUTE) when the stack was
 * started with them (`WEBHOOK_ALLOW_HOSTS=… npm start`).
 */
import fs from 'node:fs/promises';

export interface StackEnvForFunctions {
  supabaseUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  databaseUrl: string;
}

// NODE_EXTRA_CA_CERTS: Deno trusts it too, and needs it to fetch npm: packages behind a TLS-inspecting proxy.
const HOST_VARIABLES = new Set(['HOME', 'PATH', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'TZ', 'XDG_CACHE_HOME', 'NODE_EXTRA_CA_CERTS']);
const HOST_PREFIXES = ['DENO_', 'NPM_CONFIG_', 'SSL_CERT_', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY'];

/** Tagwright's function settings, also taken from the stack's environment (the .env file wins). */
const FUNCTION_SETTINGS = new Set(['WEBHOOK_ALLOW_HOSTS', 'USER_RATE_LIMIT_PER_MINUTE']);

function isHostVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return HOST_VARIABLES.has(upper) || FUNCTION_SETTINGS.has(name) || HOST_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** KEY=value lines as dotenv writes them: `export ` prefixes, # comments, single/double quotes, \n in double quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(rawLine);
    if (!match?.[1]) continue;
    let value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    values[match[1]] = value;
  }
  return values;
}

/** Reads `<functionsDir>/.env` if there is one; names starting with SUPABASE_ are refused as the CLI does. */
export async function readFunctionsEnvFile(file: string, log: (line: string) => void): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const values = parseEnvFile(text);
  for (const name of Object.keys(values)) {
    if (name.startsWith('SUPABASE_')) {
      log(`functions: ${file}: ${name} is skipped; names starting with SUPABASE_ are set by the stack.`);
      delete values[name];
    }
  }
  return values;
}

export function functionEnv(stack: StackEnvForFunctions, secrets: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && isHostVariable(name)) env[name] = value;
  return {
    ...env,
    ...secrets,
    SUPABASE_URL: stack.supabaseUrl,
    SUPABASE_ANON_KEY: stack.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
    SUPABASE_DB_URL: stack.databaseUrl,
  };
}
