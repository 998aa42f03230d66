/** The `tagwright` command: parses the command line and runs one command; errors become one clear line. */
import { ConfigError } from '@tagwright/shared';
import { StackError } from '@tagwright/stack';
import { apikeyCommand } from './commands/apikey.ts';
import { extractCommand } from './commands/extract.ts';
import { importCommand } from './commands/import.ts';
import { migrateCommand } from './commands/migrate.ts';
import { parsePriceCommand } from './commands/parse-price.ts';
import { runCommand } from './commands/run.ts';
import { stackStartCommand } from './commands/stack-start.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { userAddCommand } from './commands/user-add.ts';
import { workerCommand } from './commands/worker.ts';
import { UsageError } from './usage-error.ts';

export interface Command {
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  start: startCommand,
  'stack start': stackStartCommand,
  migrate: migrateCommand,
  worker: workerCommand,
  import: importCommand,
  run: runCommand,
  extract: extractCommand,
  'parse-price': parsePriceCommand,
  'user add': userAddCommand,
  apikey: apikeyCommand,
  status: statusCommand,
};

function help(): string {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  return [
    'tagwright — spreadsheet of products + their web pages → verified, print-ready labels',
    '',
    'Usage:',
    ...Object.values(commands).map((c) => `  tagwright ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Configuration comes from the environment (see .env.example); with none set, the local stack is used.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(help());
    return argv.length === 0 ? 1 : 0;
  }
  const name = [`${argv[0]} ${argv[1] ?? ''}`, argv[0] ?? ''].find((n) => n in commands);
  const command = name ? commands[name] : undefined;
  if (!name || !command) {
    console.error(`tagwright: unknown command "${argv.join(' ')}"; run \`tagwright --help\` for the list.`);
    return 2;
  }
  const args = argv.slice(name.split(' ').length);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`Usage: tagwright ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`tagwright: ${error.message}\nUsage: tagwright ${command.usage}`);
      return 2;
    }
    if (error instanceof StackError || error instanceof ConfigError) {
      console.error(`tagwright: ${error.message}`);
      return 1;
    }
    console.error('tagwright: unexpected error:', error);
    return 1;
  }
}
