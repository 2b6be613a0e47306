/** The backtest commands of the built CLI (npm run build first, as for test/cli). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { wavyBars, writeCsv } from './support.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bt-cli-'));
const dbFile = join(dir, 'trading.db');
const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env,
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe.skipIf(!existsSync(CLI))('backtest CLI (skipped until npm run build made dist/)', () => {
  it('strategies --json lists the templates with their parameters', async () => {
    const { stdout, code } = await cli('strategies', '--json');
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as { name: string; parameters: { name: string }[] }[];
    expect(list.find((t) => t.name === 'sma-cross')!.parameters.map((p) => p.name)).toEqual([
      'symbol',
      'interval',
      'fast',
      'slow',
    ]);
  });

  it('backtest --json prints the result on stdout, progress on stderr as plain lines, writes the report and journals the run', async () => {
    const csv = writeCsv(wavyBars(400));
    const report = join(dir, 'report.html');
    const { stdout, stderr, code } = await cli(
      'backtest',
      'sma-cross',
      '--market',
      `replay:${csv}`,
      '--param',
      'fast=5',
      '--param',
      'slow=20',
      '--json',
      '--report',
      report,
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { id: string; strategy: { hash: string }; metrics: { trades: number } };
    expect(result.metrics.trades).toBeGreaterThan(2);
    expect(stderr).toMatch(/^backtest: 100% \(\d+\/\d+\)$/m);
    expect(stderr).not.toContain('\r');
    expect(readFileSync(report, 'utf8')).toContain(result.id);
    const db = new Database(dbFile, { readonly: true });
    try {
      const row = db.prepare('select strategy_hash, strategy_name from backtests where id = ?').get(result.id) as {
        strategy_hash: string;
        strategy_name: string;
      };
      expect(row).toEqual({ strategy_hash: result.strategy.hash, strategy_name: 'sma-cross' });
    } finally {
      db.close();
    }
  });

  it('a bad document exits 2 naming each JSON path', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'signal',
        name: 'x',
        symbols: ['BTCUSDT'],
        interval: '7m',
        entry: { always: true },
        sizing: { kind: 'fixed_quote', amount: 10 },
      }),
    );
    const { stderr, code } = await cli('backtest', file, '--market', 'synthetic');
    expect(code).toBe(2);
    expect(stderr).toContain('$.interval: must be one of 1m');
  });
});
