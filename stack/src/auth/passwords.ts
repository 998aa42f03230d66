/**
 * Passwords as GoTrue keeps them: bcrypt (cost 10, `$2b$`/`$2a$` hashes in auth.users.encrypted_password,
 * so a user moved to hosted Supabase keeps signing in), GoTrue's strength rule (minimum length,
 * 72 bytes at most), and generated passwords that are strong yet easy to read out and type.
 */
import { randomBytes, randomInt } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { badRequest, GoTrueError } from './auth-error.ts';

const COST = 10;
/** bcrypt reads 72 bytes at most; GoTrue refuses longer passwords rather than cut them. */
const MAX_PASSWORD_BYTES = 72;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

/** False for a wrong password and for a user without one (an invited or SSO user). */
export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (!hash) return Promise.resolve(false);
  return bcrypt.compare(password, hash);
}

let absentHash: Promise<string> | undefined;
/** Compared against when no user has the address, so a wrong email takes as long as a wrong password. */
export function absentUserHash(): Promise<string> {
  absentHash ??= hashPassword(randomBytes(16).toString('hex'));
  return absentHash;
}

/** Why `password` is refused (a sentence), or undefined when it is fine. */
export function passwordProblem(password: string, minimumLength: number): string | undefined {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters.`;
  if (password.length < minimumLength) return `Password should be at least ${minimumLength} characters.`;
  return undefined;
}

/** Throws GoTrue's errors for a password it would refuse: 422 weak_password, 400 when too long. */
export function checkPasswordStrength(password: string, minimumLength: number): void {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES)
    throw badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters.`);
  if (password.length < minimumLength)
    throw new GoTrueError(422, 'weak_password', `Password should be at least ${minimumLength} characters.`, {
      weak_password: { reasons: ['length'] },
    });
}

// No 0/o, 1/l/i: a password read off a terminal should survive being typed.
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of four, like "k7mp-2xqa-9vte-h4rn": about 79 bits from a CSPRNG. */
export function generatePassword(): string {
  const group = () => Array.from({ length: 4 }, () => READABLE[randomInt(READABLE.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}
