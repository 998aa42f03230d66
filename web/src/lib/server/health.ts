/**
 * Health of what the dashboard depends on: the database (answering, migrated), Realtime (its
 * websocket opens) and Storage (its API answers) of the Supabase project, and workers seen in the
 * last minute. Healthy (200) needs the database; the rest is reported so a monitor can alert on it.
 */
import { schemaVersion } from '@tagwright/shared/db';
import { liveWorkers } from '@tagwright/worker/metrics';
import WebSocket from 'ws';
import { db } from './db.ts';
import { supabaseConfig } from './supabase.ts';

export interface Health {
  ok: boolean;
  db: string;
  schema: string | null;
  realtime: string;
  storage: string;
  workers: { seen: number; ids: string[] } | string;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const problem = (error: unknown) => `error: ${(error as Error).message}`;

/** An endpoint of the Supabase project is served: it answers, and not with 404 (no such service) or a 5xx. */
async function answers(url: string, headers: Record<string, string>, ms: number): Promise<string> {
  try {
    const response = await withTimeout(fetch(url, { headers }), ms);
    await response.body?.cancel();
    return response.status < 500 && response.status !== 404 ? 'ok' : `error: HTTP ${response.status}`;
  } catch (error) {
    return problem(error);
  }
}

/** Realtime is up when its websocket opens (then it is closed at once). */
function socketOpens(url: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      socket.terminate();
      resolve(`error: no socket within ${ms} ms`);
    }, ms);
    socket.once('open', () => {
      clearTimeout(timer);
      socket.close();
      resolve('ok');
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      resolve(problem(error));
    });
  });
}

export async function checkHealth(timeoutMs = 3000): Promise<Health> {
  const { url, anonKey } = supabaseConfig();
  const [database, realtime, storage, workers] = await Promise.all([
    withTimeout(schemaVersion(db()), timeoutMs).then(
      (version) => ({ db: 'ok', schema: version ?? null }),
      (error) => ({ db: problem(error), schema: null }),
    ),
    socketOpens(`${url.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${anonKey}&vsn=2.0.0`, timeoutMs),
    answers(`${url}/storage/v1/bucket`, { apikey: anonKey, authorization: `Bearer ${anonKey}` }, timeoutMs),
    withTimeout(liveWorkers(db()), timeoutMs).then((rows) => ({ seen: rows.length, ids: rows.map((r) => r.id) }), problem),
  ]);
  return { ok: database.db === 'ok' && database.schema !== null, ...database, realtime, storage, workers };
}
