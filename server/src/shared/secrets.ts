import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256 hex; what we store instead of a token or an identifier we should not keep in clear. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A fresh random token for a cookie, a link or a visitor's secret (256 bits, URL-safe). */
export const createToken = (): string => randomBytes(32).toString('base64url');

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  if (!storedHash || secret.length < 20 || secret.length > 100) return false;
  const given = Buffer.from(sha256(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Compares a presented secret with a configured one in constant time, whatever their lengths. */
export function secretEquals(given: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(sha256(given), 'hex'), Buffer.from(sha256(expected), 'hex'));
}
