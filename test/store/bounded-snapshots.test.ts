/**
 * The journal does not grow without bound from reads: a context snapshot keeps a size-capped summary
 * and the payload's SHA-256 (the payload itself only with SNAPSHOT_FULL=true), and old snapshots are
 * pruned (SNAPSHOT_RETENTION_DAYS).
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeInTurns } from '../../src/app/json-in-turns.js';
import { SUMMARY_CHARS, summarize } from '../../src/app/context-snapshot.js';
import { generateToken } from '../../src/http/auth.js';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { openStore } from '../../src/store/index.js';
import { realApp, type RealApp } from '../support/real-app.js';

let running: { app: RealApp; server: RunningHttpServer } | undefined;
afterEach(async () => {
  await running?.server.close();
  await running?.app.close();
  running = undefined;
});

async function serve(settings: Record<string, string> = {}) {
  const app = await realApp(settings);
  const token = generateToken();
  const server = await serveHttp(app.app, { host: '127.0.0.1', port: 0, token });
  running = { app, server };
  const contexts = (body: unknown) =>
    fetch(`${server.url}/mcp/contexts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  return { app, contexts };
}

/** The journal's size with its write-ahead log folded in (a checkpoint from a second connection). */
function journalBytes(path: string): number {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return statSync(path).size;
}
const LARGE = { context_types: ['order_book'], symbols: ['BTCUSD'], limit: 5000 };

describe('bounded context snapshots', () => {
  it('100 large REST context calls then the journal grows by kilobytes, each snapshot a summary and the hash of what was answered', async () => {
    const { app, contexts } = await serve();
    const first = await contexts(LARGE);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { contexts: unknown };
    const answerBytes = Buffer.byteLength(JSON.stringify(answer.contexts));
    expect(answerBytes).toBeGreaterThan(150_000);
    const before = journalBytes(app.dbPath);
    for (let i = 0; i < 99; i += 1) expect((await contexts(LARGE)).status).toBe(200);
    const growth = journalBytes(app.dbPath) - before;
    // Whole payloads would add 99 × answerBytes (tens of MB).
    expect(growth, `journal grew ${growth} bytes for 99 calls of ${answerBytes} bytes`).toBeLessThan(99 * 6_000);

    const db = new Database(app.dbPath, { readonly: true });
    try {
      const rows = db
        .prepare(
          'SELECT summary, payload, payload_sha256 AS sha, payload_bytes AS bytes FROM context_snapshots ORDER BY id',
        )
        .all() as { summary: string; payload: string | null; sha: string; bytes: number }[];
      expect(rows).toHaveLength(100);
      expect(rows.every((r) => r.payload === null && r.summary.length <= SUMMARY_CHARS)).toBe(true);
      expect(rows[0]!.sha).toBe(createHash('sha256').update(JSON.stringify(answer.contexts)).digest('hex'));
      expect(rows[0]!.bytes).toBe(answerBytes);
      expect(JSON.parse(rows[0]!.summary)).toMatchObject({
        order_book: { BTCUSD: { bids: { items: expect.any(Number) } } },
      });
    } finally {
      db.close();
    }
  }, 240_000);

  it('SNAPSHOT_FULL=true then the whole payload is kept too', async () => {
    const { app, contexts } = await serve({ SNAPSHOT_FULL: 'true' });
    const answer = (await (
      await contexts({ context_types: ['order_book'], symbols: ['BTCUSD'], limit: 50 })
    ).json()) as { contexts: unknown };
    const db = new Database(app.dbPath, { readonly: true });
    try {
      const row = db.prepare('SELECT payload FROM context_snapshots').get() as { payload: string };
      expect(JSON.parse(row.payload)).toEqual(answer.contexts);
    } finally {
      db.close();
    }
  });

  it('at start then snapshots older than SNAPSHOT_RETENTION_DAYS are pruned', async () => {
    const first = await realApp({ SNAPSHOT_RETENTION_DAYS: '30' });
    const url = first.config.databaseUrl;
    await first.app.close();
    const store = await openStore({ url, dataDir: first.dir });
    const day = 86_400_000;
    for (const age of [31, 29])
      await store.recordContextSnapshot({
        mode: 'paper',
        time: Date.now() - age * day,
        contextTypes: ['x'],
        symbols: [],
        summary: '{}',
        sha256: String(age),
        bytes: 2,
      });
    await store.close();
    const db = () => new Database(first.dbPath, { readonly: true });
    const { createApp } = await import('../../src/compose/app.js');
    const again = await createApp(first.config);
    await again.close();
    const reader = db();
    try {
      expect(reader.prepare('SELECT payload_sha256 AS sha FROM context_snapshots').all()).toEqual([{ sha: '29' }]);
    } finally {
      reader.close();
      await first.close().catch(() => undefined);
    }
  });
});

describe('serializing in turns', () => {
  it('serializeInTurns then the text and hash are exactly those of JSON.stringify', async () => {
    const value = {
      a: [1, 'two', null, undefined, { b: true, c: undefined, d: [[1, 2], []] }],
      e: { toJSON: () => 'as-json' },
      f: 'é',
      g: [],
      h: {},
    };
    const expected = JSON.stringify(value);
    const out = await serializeInTurns(value, { keep: true });
    expect(out.text).toBe(expected);
    expect(out.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(out.bytes).toBe(Buffer.byteLength(expected));
    const big = Array.from({ length: 50_000 }, (_, i) => ({ i, p: String(i * 1.5), l: [[String(i), '1']] }));
    expect((await serializeInTurns(big, { keep: true })).text).toBe(JSON.stringify(big));
  });

  it('summarize when the payload is huge then stays under the cap and shows its shape', () => {
    const payload = {
      order_book: Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [
          `SYM${i}`,
          { bids: Array.from({ length: 5000 }, () => ['1', '2']), asks: [] },
        ]),
      ),
    };
    const summary = summarize(payload, SUMMARY_CHARS);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_CHARS);
    expect(JSON.parse(summary)).toHaveProperty('order_book');
  });
});
