/** `tagwright status [--json]`: the queue (by status and kind, due, delayed, oldest waiting), workers seen in the last minute, webhook deliveries waiting or failed. */
import { redact } from '@tagwright/shared';
import { withDatabase } from '../database.ts';
import type { Command } from '../main.ts';
import { parseFlags, stackFlags } from '../options.ts';
import { formatStatus, readStatus } from '../status/read-status.ts';

export const statusCommand: Command = {
  usage: 'status [--json] [--data-dir DIR] [--db-port N]',
  summary: 'Queue depth by status and kind, workers seen in the last minute, webhook deliveries waiting or failed.',
  async run(args) {
    const { values } = parseFlags(args, {
      json: { type: 'boolean' },
      'data-dir': stackFlags['data-dir'],
      'db-port': stackFlags['db-port'],
    });
    const where = process.env.DATABASE_URL ? redact(process.env.DATABASE_URL) : 'the local stack';
    const status = await withDatabase(values, readStatus);
    console.log(values.json ? JSON.stringify(status) : formatStatus(status, where));
    return 0;
  },
};
