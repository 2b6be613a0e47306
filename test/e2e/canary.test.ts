/**
 * Secret canary: the whole demo flow runs in a child process with a unique fake API key pair in its
 * configuration; neither may appear in its output, its logs, any journal row or any tool result.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../..');

function allRows(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
  } finally {
    db.close();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secret canary', () => {
  it('the demo flow when the config holds a unique API key pair then neither appears in output, logs, journal or tool results', () => {
    const key = `CANARYKEY${randomBytes(16).toString('hex')}`;
    const secret = `CANARYSECRET${randomBytes(24).toString('hex')}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'binance-mcp-canary-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/fixtures/canary-flow.ts'], {
        cwd: repoRoot,
        env: { ...process.env, CANARY_DATA_DIR: dataDir, CANARY_KEY: key, CANARY_SECRET: secret },
        encoding: 'utf8',
        timeout: 120_000,
      });
      const stdout = run.stdout ?? '';
      const stderr = run.stderr ?? '';
      expect(run.status, stderr.slice(-2000)).toBe(0);
      expect(stdout).toMatch(/^TOOL place_order /m);
      expect(stderr.length).toBeGreaterThan(0);
      const journal = allRows(join(dataDir, 'trading.db'));
      expect(journal).toMatch(/demo-buy-1/);
      const files = filesUnder(dataDir)
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString('latin1'))
        .join('\n');
      for (const canary of [secret, key]) {
        expect(stdout.includes(canary), 'stdout / tool results').toBe(false);
        expect(stderr.includes(canary), 'stderr / logs').toBe(false);
        expect(journal.includes(canary), 'journal rows').toBe(false);
        expect(files.includes(canary), 'files in the data folder').toBe(false);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
