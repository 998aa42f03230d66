/** `tagwright stack start`: runs the local stack in the foreground and prints its env once ready. */
import { startStack } from '@tagwright/stack';
import type { Command } from '../main.ts';
import { parseFlags, stackFlags, stackOptions } from '../options.ts';
import { untilSignal } from '../shutdown.ts';

export const stackStartCommand: Command = {
  usage: 'stack start [--data-dir DIR] [--db-port N] [--api-port N]',
  summary: 'Start the local Supabase stand-in (Postgres, migrations, API) and print its env; Ctrl-C stops it.',
  async run(args) {
    const { values } = parseFlags(args, stackFlags);
    const stack = await startStack(stackOptions(values));
    const signal = untilSignal();
    for (const [name, value] of Object.entries(stack.env)) if (name !== 'SUPABASE_JWT_SECRET') console.log(`${name}=${value}`);
    console.log('ready');
    const ended = stack.postgres?.exited.then((code) => `Postgres exited unexpectedly (code ${code})`);
    const reason = await Promise.race([signal, ...(ended ? [ended] : [])]);
    await stack.stop();
    if (reason.startsWith('Postgres')) {
      console.error(`tagwright: ${reason}; see the log above.`);
      return 1;
    }
    return 0;
  },
};
