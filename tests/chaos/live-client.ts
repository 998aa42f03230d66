/**
 * A live client as the dashboard keeps one: a member of the workspace, signed in with supabase-js,
 * subscribed to its jobs through Realtime (so every change passes the RLS check) and merged with a
 * snapshot on every (re)subscribe and resync notice, using the dashboard's own merge rules
 * (web/src/lib/live/merge.ts). `cut()` drops its socket abruptly, as a network fault would.
 */
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import type { Sql } from '@tagwright/shared';
import { isResyncNotice } from '@tagwright/shared/realtime';
import WebSocket from 'ws';
import { emptyRows, mergeSnapshot, type RowSet, upsertRow } from '../../web/src/lib/live/merge.ts';

export interface LiveJob {
  id: string;
  status: string;
  updated_at: string;
}

export class LiveClient {
  readonly jobs: RowSet<LiveJob> = emptyRows();
  private readonly client: SupabaseClient;
  private channel: RealtimeChannel | undefined;
  snapshots = 0;
  cuts = 0;
  /** Snapshot reads that failed (Postgres was restarting) and were tried again. */
  readonly snapshotErrors: string[] = [];

  constructor(
    url: string,
    anonKey: string,
    private readonly sql: Sql,
    private readonly workspaceId: string,
    private readonly login: { email: string; password: string },
  ) {
    this.client = createClient(url, anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    });
  }

  async start(): Promise<void> {
    const { data, error } = await this.client.auth.signInWithPassword(this.login);
    if (error || !data.session) throw new Error(`the live client could not sign in: ${error?.message ?? 'no session'}`);
    await this.client.realtime.setAuth(data.session.access_token);
    const subscribed = new Promise<void>((resolve) => {
      this.channel = this.client
        .channel(`chaos-${this.workspaceId}`)
        .on(
          'postgres_changes',
          { event: '*', schema: 'public', table: 'jobs', filter: `workspace_id=eq.${this.workspaceId}` },
          (change) => {
            const row = change.new as Partial<LiveJob>;
            if (row.id && row.status && row.updated_at)
              upsertRow(this.jobs, { id: row.id, status: row.status, updated_at: row.updated_at });
          },
        )
        .on('system', {}, (message: unknown) => {
          if (isResyncNotice(message)) void this.snapshot();
        })
        .subscribe((status) => {
          if (status !== 'SUBSCRIBED') return;
          void this.snapshot();
          resolve();
        });
    });
    await subscribed;
  }

  /** Reads the workspace's jobs and merges them; while Postgres is down, tries again each second. */
  private async snapshot(): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt++) {
      try {
        const rows = await this.sql<LiveJob[]>`
          select id, status::text, updated_at from public.jobs where workspace_id = ${this.workspaceId}`;
        mergeSnapshot(this.jobs, rows);
        this.snapshots++;
        return;
      } catch (error) {
        this.snapshotErrors.push((error as Error).message);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Drops the socket without a close handshake; supabase-js reconnects and rejoins on its own. */
  cut(): void {
    const conn = (this.client.realtime as unknown as { conn?: { terminate?: () => void; close: () => void } }).conn;
    if (conn?.terminate) conn.terminate();
    else conn?.close();
    this.cuts++;
  }

  /** Rows that differ from the database (missing, extra, or another status or version). */
  async differences(): Promise<string[]> {
    const rows = await this.sql<LiveJob[]>`select id, status::text, updated_at from public.jobs where workspace_id = ${this.workspaceId}`;
    const differences: string[] = [];
    for (const row of rows) {
      const seen = this.jobs.rows.get(row.id);
      if (!seen || seen.status !== row.status) differences.push(`${row.id}: live ${seen?.status ?? 'missing'}, database ${row.status}`);
    }
    if (this.jobs.rows.size !== rows.length) differences.push(`live has ${this.jobs.rows.size} jobs, database ${rows.length}`);
    return differences;
  }

  async stop(): Promise<void> {
    if (this.channel) await this.client.removeChannel(this.channel);
    await this.client.removeAllChannels();
  }
}
