import { createHash, randomBytes } from 'node:crypto';

/** A fresh random token for a cookie or a link (256 bits, URL-safe). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex; what we store instead of a token or an identifier we should not keep in clear. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
