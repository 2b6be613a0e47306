import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level and no whitespace: equal documents, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Identifies a strategy in the journal: SHA-256 (hex) of its canonical JSON. */
export function strategyHash(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}
