/**
 * `tagwright apikey create|revoke|list`: workspace API keys for the jobs function (HTTP API). The
 * key is made and revoked by SQL functions (create_api_key / revoke_api_key), stored only as a
 * hash; `create` prints it once, alone on its last line, so scripts can take it with `tail -1`.
 */
import { parseArgs } from 'node:util';
import type { Sql } from '@tagwright/shared';
import { withDatabase } from '../database.ts';
import type { Command } from '../main.ts';
import { stackFlags } from '../options.ts';
import { UsageError } from '../usage-error.ts';
import { findWorkspace } from '../workspace.ts';

const USAGE = 'apikey create --workspace NAME [--name LABEL] [--rate-limit N] | apikey revoke <prefix> | apikey list [--workspace NAME]';

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        workspace: { type: 'string' },
        name: { type: 'string' },
        'rate-limit': { type: 'string' },
        'data-dir': stackFlags['data-dir'],
        'db-port': stackFlags['db-port'],
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const apikeyCommand: Command = {
  usage: USAGE,
  summary: 'Make, revoke or list workspace API keys for the HTTP API (a new key is printed once, on its own last line).',
  async run(args) {
    const [action, ...rest] = args;
    const { values, positionals } = parse(rest);
    if (action !== 'revoke' && positionals.length > 0) throw new UsageError(`unexpected "${positionals.join(' ')}"`);
    if (action === 'create') {
      if (!values.workspace) throw new UsageError('name the workspace the key is for with --workspace NAME');
      const rateLimit = values['rate-limit'] === undefined ? 60 : Number(values['rate-limit']);
      if (!Number.isInteger(rateLimit) || rateLimit < 1 || rateLimit > 100_000)
        throw new UsageError(`--rate-limit is requests per minute, a whole number from 1 to 100000 (got "${values['rate-limit']}")`);
      const name = values.name ?? `CLI key ${new Date().toISOString().slice(0, 10)}`;
      const key = await withDatabase(values, (sql) => createKey(sql, values.workspace as string, name, rateLimit));
      console.log(`Created API key ${key.prefix} "${name}" for workspace "${values.workspace}" (${rateLimit} requests per minute).`);
      console.log('Keep it secret: it is shown only now. Send it as "Authorization: Bearer <key>". The key:');
      console.log(key.key);
      return 0;
    }
    if (action === 'revoke') {
      if (positionals.length !== 1)
        throw new UsageError('give the prefix of the key to revoke (tw_ and 8 characters; see `tagwright apikey list`)');
      const prefix = positionals[0] as string;
      const revoked = await withDatabase(values, (sql) => revokeKey(sql, prefix));
      if (!revoked) {
        // a key that isn't there is not a mistake in the command line: no usage, exit 1
        console.error(`tagwright: no API key starts with "${prefix}"; see \`tagwright apikey list\` for the prefixes.`);
        return 1;
      }
      console.log(
        revoked.already
          ? `API key ${revoked.prefix} "${revoked.name}" was already revoked at ${revoked.revoked_at}.`
          : `Revoked API key ${revoked.prefix} "${revoked.name}" at ${revoked.revoked_at}; requests with it now get 401.`,
      );
      return 0;
    }
    if (action === 'list') {
      const keys = await withDatabase(values, (sql) => listKeys(sql, values.workspace));
      if (keys.length === 0) console.log('No API keys yet; make one with `tagwright apikey create --workspace NAME`.');
      else console.log(table(keys));
      return 0;
    }
    throw new UsageError(
      action ? `unknown apikey action "${action}"; use create, revoke or list` : 'say what to do: create, revoke or list',
    );
  },
};

async function createKey(sql: Sql, workspace: string, name: string, rateLimit: number): Promise<{ prefix: string; key: string }> {
  const workspaceId = await findWorkspace(sql, workspace);
  const [row] = await sql<{ prefix: string; key: string }[]>`
    select prefix, key from public.create_api_key(${workspaceId}, ${name}, ${rateLimit})`.catch((error: { code?: string }) => {
    if (error.code === '23514') throw new UsageError(`--name is 1 to 100 characters, not blank (got "${name}")`);
    throw error;
  });
  if (!row) throw new Error('create_api_key returned no key');
  return row;
}

/** The key as revoke_api_key left it (`already`: it was revoked before this call), or undefined if no key has the prefix. */
async function revokeKey(
  sql: Sql,
  prefix: string,
): Promise<{ prefix: string; name: string; revoked_at: string; already: boolean } | undefined> {
  try {
    // revoke_api_key keeps the first revocation, so an earlier stamp than this transaction's means "already"
    const [row] = await sql<{ prefix: string; name: string; revoked_at: string; already: boolean }[]>`
      select prefix, name, to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"') as revoked_at,
             revoked_at < now() as already
      from public.revoke_api_key(${prefix})`;
    if (!row) throw new Error('revoke_api_key returned nothing');
    return row;
  } catch (error) {
    if ((error as { code?: string }).code === 'P0002') return undefined; // no_data_found: no key with that prefix
    throw error;
  }
}

interface KeyRow {
  prefix: string;
  name: string;
  workspace: string;
  created: string;
  last_used: string;
  status: string;
}

async function listKeys(sql: Sql, workspace: string | undefined): Promise<KeyRow[]> {
  const workspaceId = workspace === undefined ? undefined : await findWorkspace(sql, workspace);
  return sql<KeyRow[]>`
    select k.prefix, k.name, w.name as workspace,
           to_char(k.created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as created,
           coalesce(to_char(k.last_used_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI'), '—') as last_used,
           case when k.revoked_at is null then 'active' else 'revoked' end as status
    from public.api_keys k join public.workspaces w on w.id = k.workspace_id
    ${workspaceId ? sql`where k.workspace_id = ${workspaceId}` : sql``}
    order by w.name, k.created_at`;
}

function table(rows: KeyRow[]): string {
  const columns = ['prefix', 'name', 'workspace', 'created', 'last_used', 'status'] as const;
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line([...columns]), ...rows.map((r) => line(columns.map((c) => r[c])))].join('\n');
}
