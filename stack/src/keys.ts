/**
 * The local stack's JWT secret and API keys. The secret is made once per data folder (kept there,
 * mode 0600); the anon and service-role keys are HS256 JWTs signed with it, as Supabase's are.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SignJWT } from 'jose';

export interface StackKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

export async function signApiKey(secret: string, role: 'anon' | 'service_role'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role, iss: 'tagwright-local' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + TEN_YEARS_S)
    .sign(new TextEncoder().encode(secret));
}

/** Reads the keys kept in `dataDir`, or makes and keeps new ones. */
export async function loadOrCreateKeys(dataDir: string): Promise<StackKeys> {
  const file = path.join(dataDir, 'keys.json');
  try {
    const keys = JSON.parse(await fs.readFile(file, 'utf8')) as StackKeys;
    if (keys.jwtSecret && keys.anonKey && keys.serviceRoleKey) return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const jwtSecret = randomBytes(32).toString('base64url');
  const keys: StackKeys = {
    jwtSecret,
    anonKey: await signApiKey(jwtSecret, 'anon'),
    serviceRoleKey: await signApiKey(jwtSecret, 'service_role'),
  };
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
