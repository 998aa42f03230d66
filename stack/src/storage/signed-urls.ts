/**
 * Signed URLs: a JWT (HS256, the stack's secret) naming one object, what it allows (download or
 * upload) and an expiry, as hosted Storage issues them. Anyone holding the URL may do that to that
 * object until it expires; signing needs the caller to be allowed to do it.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { StorageError } from './storage-error.ts';

type Scope = 'download' | 'upload';

/** Hosted's default lifetime of a signed upload URL (storage-js doesn't choose one). */
export const SIGNED_UPLOAD_SECONDS = 2 * 60 * 60;

export interface SignedToken {
  url: string;
  scope: Scope;
  /** Upload tokens: who the object will belong to, and whether it may replace one. */
  owner?: string;
  upsert?: boolean;
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/** `/object/sign/<bucket>/<key>?token=…` (download) or `/object/upload/sign/<bucket>/<key>?token=…` (upload). */
export async function signObjectUrl(
  secret: string,
  bucket: string,
  key: string,
  expiresIn: unknown,
  claims: Omit<SignedToken, 'url'> = { scope: 'download' },
): Promise<{ url: string; token: string }> {
  const seconds = Number(expiresIn);
  if (!Number.isFinite(seconds) || seconds < 1)
    throw new StorageError(400, 'InvalidRequest', 'expiresIn must be a number of seconds, 1 or more');
  const now = Date.now() / 1000;
  const token = await new SignJWT({ ...claims, url: `${bucket}/${key}` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(Math.floor(now))
    // Rounded up: exp is whole seconds, and floor(now) + 1 could leave a 1 s URL valid for a millisecond.
    .setExpirationTime(Math.ceil(now + Math.floor(seconds)))
    .sign(new TextEncoder().encode(secret));
  const route = claims.scope === 'upload' ? '/object/upload/sign' : '/object/sign';
  return { url: `${route}/${encodeURIComponent(bucket)}/${encodeKey(key)}?token=${token}`, token };
}

/** The token's claims, once it is checked to be valid, unexpired, of this scope and for exactly this object. */
export async function verifySignedUrl(
  secret: string,
  scope: Scope,
  bucket: string,
  key: string,
  token: string | null,
): Promise<SignedToken> {
  if (!token) throw new StorageError(400, 'InvalidJWT', 'Querystring must have required property token');
  let payload: Partial<SignedToken>;
  try {
    ({ payload } = await jwtVerify<Partial<SignedToken>>(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw new StorageError(400, 'InvalidJWT', '"exp" claim timestamp check failed: the signed URL has expired');
    throw new StorageError(400, 'InvalidJWT', `The signed URL's token is invalid: ${(error as Error).message}`);
  }
  if (payload.url !== `${bucket}/${key}` || payload.scope !== scope)
    throw new StorageError(
      400,
      'InvalidSignature',
      `The url do not match the signature: this token is not for ${scope}ing ${bucket}/${key}`,
    );
  return payload as SignedToken;
}
