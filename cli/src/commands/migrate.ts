/** `tagwright migrate`: applies supabase/migrations to DATABASE_URL, or to the local stack's database. */
import { connect, redact } from '@tagwright/shared';
import { migrate, startStack } from '@tagwright/stack';
import type { Command } from '../main.ts';
import { parseFlags, stackFlags, stackOptions } from '../options.ts';

export const migrateCommand: Command = {
  usage: 'migrate [--data-dir DIR] [--db-port N]',
  summary: 'Apply supabase/migrations to DATABASE_URL (or the local stack, started for the purpose).',
  async run(args) {
    const { values } = parseFlags(args, { 'data-dir': stackFlags['data-dir'], 'db-port': stackFlags['db-port'] });
    const options = stackOptions(values);
    if (options.databaseUrl) {
      const sql = connect(options.databaseUrl, { max: 1 });
      try {
        const result = await migrate(sql);
        console.log(`${redact(options.databaseUrl)}: applied ${result.applied.length} migration(s); schema ${result.latest ?? 'empty'}`);
      } finally {
        await sql.end();
      }
      return 0;
    }
    const stack = await startStack({ ...options, apiPort: 0, realtime: false, services: false });
    try {
      const { applied, latest } = stack.migrations;
      console.log(`local stack: applied ${applied.length} migration(s); schema ${latest ?? 'empty'}`);
    } finally {
      await stack.stop();
    }
    return 0;
  },
};
