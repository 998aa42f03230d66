/**
 * Functions served from a temp folder for tests: a private Postgres (for SUPABASE_DB_URL), the stack's
 * keys, a gateway on a free port with only /functions/v1 mounted, supabase-js clients pointed at it,
 * and every line the service logged. Functions are written as source text (they run in Deno, so
 * they are not TypeScript files of this repo).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { connect, type Sql } from '@tagwright/shared';
import { loadOrCreateKeys, type StackKeys, startGateway } from '@tagwright/stack';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { type FunctionsServerOptions, startFunctionsServer } from '../../stack/src/functions/server.ts';
import { readProjectConfig } from '../../stack/src/project-config.ts';
import type { Service } from '../../stack/src/services.ts';

export interface FunctionsStack {
  url: string;
  keys: StackKeys;
  databaseUrl: string;
  functionsDir: string;
  /** Lines the Functions service logged (Deno's output included). */
  logs: string[];
  client(key: string): SupabaseClient;
  userToken(userId: string): Promise<string>;
  /** Writes (or rewrites) <functionsDir>/<name>/index.ts. */
  writeFunction(name: string, source: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startFunctionsStack(
  functions: Record<string, string>,
  options: { verifyJwt?: Record<string, boolean>; envFile?: string; server?: FunctionsServerOptions } = {},
): Promise<FunctionsStack> {
  const db: TestPostgres = await testPostgres();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-functions-'));
  const functionsDir = path.join(dataDir, 'functions');
  const writeFunction = async (name: string, source: string) => {
    await fs.mkdir(path.join(functionsDir, name), { recursive: true });
    await fs.writeFile(path.join(functionsDir, name, 'index.ts'), source);
  };
  for (const [name, source] of Object.entries(functions)) await writeFunction(name, source);
  if (options.envFile !== undefined) await fs.writeFile(path.join(functionsDir, '.env'), options.envFile);

  const keys = await loadOrCreateKeys(dataDir);
  const gateway = await startGateway(0);
  const sql: Sql = connect(db.url, { max: 2 });
  const base = readProjectConfig();
  const verifyJwt = Object.fromEntries(Object.entries(options.verifyJwt ?? {}).map(([name, on]) => [name, { verifyJwt: on }]));
  const logs: string[] = [];
  const service: Service = await startFunctionsServer(
    {
      gateway,
      sql,
      databaseUrl: db.url,
      keys,
      dataDir,
      config: { ...base, functions: { ...base.functions, ...verifyJwt } },
      log: (line) => logs.push(line),
    },
    { functionsDir, ...options.server },
  );
  return {
    url: gateway.url,
    keys,
    databaseUrl: db.url,
    functionsDir,
    logs,
    client: (key) =>
      createClient(gateway.url, key, {
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { transport: WebSocket as never }, // supabase-js on Node 20 builds its realtime client even if unused
      }),
    async userToken(userId) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ role: 'authenticated', aud: 'authenticated', sub: userId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(new TextEncoder().encode(keys.jwtSecret));
    },
    writeFunction,
    async stop() {
      await service.stop();
      await gateway.stop();
      await sql.end({ timeout: 1 });
      await db.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Whether a process with this pid still exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** The JSON body of a supabase-js FunctionsHttpError (error.context is the Response). */
export async function errorBody(error: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = (error as { context?: Response }).context;
  if (!(response instanceof Response)) throw new Error(`expected a FunctionsHttpError, got ${String(error)}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
