/**
 * Signed URLs: a JWT (HS256, the stack's secret) naming one object and an expiry, as hosted Storage
 * issues them. Anyone holding the URL may download that object until it expires; signing needs the
 * caller to be able to read the object.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { StorageError } from './storage-error.ts';

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

export async function signObjectUrl(secret: string, bucket: string, key: string, expiresIn: unknown): Promise<string> {
  const seconds = Number(expiresIn);
  if (!Number.isFinite(seconds) || seconds < 1)
    throw new StorageError(400, 'InvalidRequest', 'expiresIn must be a number of seconds, 1 or more');
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ url: `${bucket}/${key}` })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + Math.floor(seconds))
    .sign(new TextEncoder().encode(secret));
  return `/object/sign/${encodeURIComponent(bucket)}/${encodeKey(key)}?token=${token}`;
}

/** Checks a signed URL's token is valid, unexpired and for exactly this object. */
export async function verifySignedUrl(secret: string, bucket: string, key: string, token: string | null): Promise<void> {
  if (!token) throw new StorageError(400, 'InvalidJWT', 'Querystring must have required property token');
  let url: unknown;
  try {
    ({
      payload: { url },
    } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw new StorageError(400, 'InvalidJWT', '"exp" claim timestamp check failed: the signed URL has expired');
    throw new StorageError(400, 'InvalidJWT', `The signed URL's token is invalid: ${(error as Error).message}`);
  }
  if (url !== `${bucket}/${key}`) throw new StorageError(400, 'InvalidSignature', 'The signed URL was made for another object');
}
