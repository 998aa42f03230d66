/** What the CLI uses of the local Auth: adding users (and the demo user) straight into the database. */
import { readProjectConfig } from '../project-config.ts';

export { type AddedUser, type AddUserOptions, addUser } from './add-user.ts';
export { DEMO_EMAIL, type DemoUser, ensureDemoUser } from './demo-user.ts';
export { generatePassword, passwordProblem } from './passwords.ts';
export { isValidEmail } from './users.ts';
export { DEMO_WORKSPACE_ID, MEMBER_ROLES, type MemberRole } from './workspace-membership.ts';

/** auth.minimum_password_length of supabase/config.toml (6 when unset). */
export const minimumPasswordLength = () => readProjectConfig().auth.minimumPasswordLength;
