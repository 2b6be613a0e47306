import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh 64-hex-character token from a secure random source. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison: both sides are hashed first so their lengths never leak either. */
export function tokensMatch(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it is. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
