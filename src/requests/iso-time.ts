/** ISO-8601 UTC, as short as exact: 2026-12-01T10:00Z, 2026-12-01T10:00:05Z, 2026-12-01T10:00:05.250Z. */
export function isoTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/:00\.000Z$/, 'Z')
    .replace(/\.000Z$/, 'Z');
}
