/** Reads a phx_join's postgres_changes config into bindings, and the reply realtime-js checks them against. */
import { type Filter, parseFilter } from './filters.ts';
import type { Binding } from './router.ts';

export interface RequestedBinding {
  event: string;
  schema: string;
  table?: string;
  filter?: string;
}

const EVENTS = new Set(['*', 'INSERT', 'UPDATE', 'DELETE']);
let nextId = 1;

/** Parses the requested bindings; throws an Error naming the first bad one. */
export function parseBindings(config: unknown): { bindings: Binding[]; reply: Record<string, unknown>[] } {
  const requested = ((config as { postgres_changes?: unknown } | undefined)?.postgres_changes ?? []) as RequestedBinding[];
  if (!Array.isArray(requested)) throw new Error('config.postgres_changes must be a list');
  const bindings: Binding[] = [];
  const reply: Record<string, unknown>[] = [];
  for (const r of requested) {
    const event = String(r?.event ?? '').toUpperCase();
    if (!EVENTS.has(event)) throw new Error(`postgres_changes event "${r?.event}" is not INSERT, UPDATE, DELETE or *`);
    if (typeof r.schema !== 'string' || r.schema === '') throw new Error('postgres_changes needs a schema');
    let filter: Filter | undefined;
    if (r.filter !== undefined && r.filter !== null && r.filter !== '') filter = parseFilter(String(r.filter));
    const id = nextId++;
    bindings.push({ id, event: event as Binding['event'], schema: r.schema, table: r.table, filter });
    // realtime-js compares event, schema, table and filter field by field with what it sent.
    reply.push({
      id,
      event: r.event,
      schema: r.schema,
      ...(r.table !== undefined ? { table: r.table } : {}),
      ...(r.filter !== undefined ? { filter: r.filter } : {}),
    });
  }
  return { bindings, reply };
}
