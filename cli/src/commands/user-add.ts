/**
 * `tagwright user add <email>`: makes a user who can sign in (or finds one), and gives them a role
 * in a workspace — the Demo workspace unless --workspace names another (made if missing, with the
 * user as owner). Without --password a readable one is generated and printed once. Talks to
 * DATABASE_URL, or to the local stack's Postgres (running, or started for the purpose).
 */
import { parseArgs } from 'node:util';
import { addUser, isValidEmail, MEMBER_ROLES, type MemberRole, minimumPasswordLength, passwordProblem } from '@tagwright/stack';
import { withDatabase } from '../database.ts';
import type { Command } from '../main.ts';
import { stackFlags } from '../options.ts';
import { UsageError } from '../usage-error.ts';

export const userAddCommand: Command = {
  usage: 'user add <email> [--password P] [--workspace NAME] [--role owner|editor|viewer] [--data-dir DIR] [--db-port N]',
  summary: 'Add a user who can sign in, as a member of the Demo workspace (or --workspace NAME); prints a generated password.',
  async run(args) {
    const { email, values } = parseUserArgs(args);
    const role = (values.role ?? 'editor') as MemberRole;
    const added = await withDatabase(values, (sql) =>
      addUser(sql, { email, password: values.password, workspace: values.workspace, role, minimumPasswordLength: minimumPasswordLength() }),
    );
    const { membership } = added;
    console.log(
      `${added.createdUser ? 'Added' : 'Found'} ${added.email}: ${membership.role} of workspace "${membership.workspaceName}"` +
        `${membership.createdWorkspace ? ' (new workspace)' : ''}.`,
    );
    if (added.generatedPassword) console.log(`Password: ${added.password}  (generated; shown only now — pass it on safely)`);
    else if (added.password !== undefined) console.log('Password: set to the one given.');
    else console.log('Password: unchanged (pass --password to set a new one).');
    return 0;
  },
};

function parseUserArgs(args: string[]) {
  let parsed: ReturnType<typeof parse>;
  const parse = (a: string[]) =>
    parseArgs({
      args: a,
      allowPositionals: true,
      strict: true,
      options: {
        password: { type: 'string' },
        workspace: { type: 'string' },
        role: { type: 'string' },
        'data-dir': stackFlags['data-dir'],
        'db-port': stackFlags['db-port'],
      },
    });
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? 'give the email address of the user to add' : `one email address at a time (got ${positionals.length})`,
    );
  const email = positionals[0] ?? '';
  if (!isValidEmail(email)) throw new UsageError(`"${email}" is not an email address`);
  if (values.role !== undefined && !(MEMBER_ROLES as readonly string[]).includes(values.role))
    throw new UsageError(`--role must be ${MEMBER_ROLES.join(', ')} (got "${values.role}")`);
  if (values.workspace !== undefined && values.workspace.trim() === '') throw new UsageError('--workspace needs a name');
  if (values.password !== undefined) {
    const problem = passwordProblem(values.password, minimumPasswordLength());
    if (problem) throw new UsageError(`--password is refused: ${problem}`);
  }
  return { email, values };
}
