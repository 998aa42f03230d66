/**
 * The demo user `npm start` prints: demo@tagwright.local, owner of the Demo workspace. Its password
 * is generated once and kept in <dataDir>/auth/demo-user.json (mode 0600), so every start prints the
 * same one; if the user's password no longer matches the kept one, it is set back to it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from '@tagwright/shared';
import { addUser } from './add-user.ts';
import { generatePassword, verifyPassword } from './passwords.ts';
import { findUserByEmail } from './users.ts';

export const DEMO_EMAIL = 'demo@tagwright.local';

export interface DemoUser {
  email: string;
  password: string;
}

export async function ensureDemoUser(sql: Sql, dataDir: string, minimumPasswordLength: number): Promise<DemoUser> {
  const file = path.join(dataDir, 'auth', 'demo-user.json');
  let password: string | undefined;
  try {
    password = (JSON.parse(await fs.readFile(file, 'utf8')) as Partial<DemoUser>).password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!password) {
    password = generatePassword();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${JSON.stringify({ email: DEMO_EMAIL, password }, null, 2)}\n`, { mode: 0o600 });
  }
  const existing = await findUserByEmail(sql, DEMO_EMAIL);
  const current = existing && (await verifyPassword(password, existing.encrypted_password));
  await addUser(sql, { email: DEMO_EMAIL, password: current ? undefined : password, role: 'owner', minimumPasswordLength });
  return { email: DEMO_EMAIL, password };
}
