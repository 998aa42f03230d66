/**
 * Local Supabase Edge Functions at /functions/v1/<name> (stand-in for the hosted service, spoken to
 * through supabase-js): runs supabase/functions/<name>/index.ts in its own Deno process (see
 * function-runner.ts), checks the JWT as `[functions.<name>] verify_jwt` says, and forwards the
 * request with the path after /functions/v1 (`/functions/v1/jobs/123` → `/jobs/123`, as hosted).
 * Errors answer like the Supabase CLI's: 404 unknown function, 401 `{ msg }`, 503 BOOT_ERROR with
 * Deno's first error lines, 500 WORKER_ERROR when the process died before answering.
 */
import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { sendJson } from '../gateway/server.ts';
import { repoRoot } from '../migrate.ts';
import type { Service, ServiceContext } from '../services.ts';
import { BootError } from './function-process.ts';
import { FunctionRunner } from './function-runner.ts';
import { forwardRequest, UpstreamError } from './proxy.ts';
import { jwtRefusal } from './verify-jwt.ts';
import { watchFunctions } from './watch-functions.ts';

export const FUNCTIONS_PREFIX = '/functions/v1';
export const defaultFunctionsDir = path.join(repoRoot, 'supabase/functions');
/** Long enough for a first boot that downloads npm: packages. */
const DEFAULT_BOOT_TIMEOUT_MS = 60_000;
/** What the CLI accepts as a function name (and no path tricks). */
const FUNCTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ERROR_LINES = 12;

export interface FunctionsServerOptions {
  /** Where <name>/index.ts live (default: the repo's supabase/functions). */
  functionsDir?: string;
  /** How long a first request waits for its function to listen (default 60 s). */
  bootTimeoutMs?: number;
  /** Restart a function when its files change (default true). */
  watch?: boolean;
}

export function startFunctions(context: ServiceContext): Promise<Service> {
  return startFunctionsServer(context);
}

export async function startFunctionsServer(context: ServiceContext, options: FunctionsServerOptions = {}): Promise<Service> {
  const functionsDir = path.resolve(options.functionsDir ?? defaultFunctionsDir);
  const shown = (file: string) => (file.startsWith(`${repoRoot}${path.sep}`) ? path.relative(repoRoot, file) : file);
  const runner = new FunctionRunner({
    functionsDir,
    stackEnv: {
      supabaseUrl: context.gateway.url,
      anonKey: context.keys.anonKey,
      serviceRoleKey: context.keys.serviceRoleKey,
      databaseUrl: context.databaseUrl,
    },
    bootTimeoutMs: options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS,
    log: context.log,
  });
  const watcher = options.watch === false ? undefined : watchFunctions(functionsDir, (names) => runner.retire(names), context.log);

  const exists = (file: string) =>
    fs.stat(file).then(
      (stat) => stat.isFile(),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return false;
        throw error;
      },
    );

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Path and query after the prefix, untouched: this is what the function sees.
    const forwardedPath = (req.url ?? '/').slice(FUNCTIONS_PREFIX.length) || '/';
    const rawName = /^\/([^/?#]+)/.exec(forwardedPath)?.[1] ?? '';
    const name = safeDecode(rawName);
    const entry = runner.entryOf(name);
    if (!name || !FUNCTION_NAME.test(name) || !(await exists(entry))) {
      return sendJson(res, 404, {
        code: 'NOT_FOUND',
        message: name
          ? `Function "${name}" not found: create ${shown(path.join(functionsDir, name, 'index.ts'))} (the folder name is the function name).`
          : `Name the function: ${FUNCTIONS_PREFIX}/<name> runs ${shown(functionsDir)}/<name>/index.ts.`,
      });
    }
    if (context.config.functions[name]?.verifyJwt ?? true) {
      const refusal = await jwtRefusal(req, context.keys.jwtSecret);
      if (refusal) return sendJson(res, 401, { msg: refusal });
    }

    let lease: Awaited<ReturnType<FunctionRunner['acquire']>>;
    try {
      lease = await runner.acquire(name);
    } catch (error) {
      if (!(error instanceof BootError)) throw error;
      const firstLines = error.output.slice(0, ERROR_LINES);
      context.log(`functions/${name}: ${error.message}${firstLines.length ? '' : ' (Deno printed nothing)'}`);
      return sendJson(res, 503, {
        code: 'BOOT_ERROR',
        message: `${error.message} Fix ${shown(entry)} and call it again.`,
        error: firstLines.join('\n'),
      });
    }
    try {
      await forwardRequest(req, res, { port: lease.port, agent: lease.agent, path: forwardedPath, log: context.log });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (res.destroyed) return; // the client left first; that ended the exchange
      // Give the exit a moment to be seen, so the reply can say why.
      await Promise.race([lease.process.exited, new Promise((resolve) => setTimeout(resolve, 200))]);
      context.log(`functions/${name}: ${req.method} ${forwardedPath} got no answer: ${error.message}`);
      sendJson(res, 500, {
        code: 'WORKER_ERROR',
        message: `Function "${name}" stopped before answering (${error.message}); see its output below and in the stack log.`,
        error: lease.process.recentOutput().slice(-ERROR_LINES).join('\n'),
      });
    } finally {
      lease.release();
    }
  }

  context.gateway.mount(FUNCTIONS_PREFIX, serve);
  return {
    stop: async () => {
      watcher?.close();
      await runner.stop();
    },
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not valid percent-encoding: it cannot name a function either
  }
}
