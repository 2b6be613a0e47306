import { createHmac } from 'node:crypto';

/** Signs `queryString + body` (plain concatenation) with HMAC-SHA256, as lowercase hex. */
export type Signer = (queryString: string, body?: string) => string;

/**
 * The secret lives only in this closure: nothing can read it back, print it or serialize it.
 */
export function createSigner(secret: string): Signer {
  if (secret === '') throw new Error('the Binance.US API secret is empty');
  return (queryString, body = '') =>
    createHmac('sha256', secret)
      .update(queryString + body)
      .digest('hex');
}

/** Binance's form encoding of parameters, in the order given; undefined values are left out. */
export function encodeParams(params: Record<string, string | number | boolean | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.join('&');
}
