import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/compose/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';

const run = promisify(execFile);
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bm-cli-'));
const db = `sqlite:${join(dir, 'trading.db')}`;
const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: db, MARKET_DATA: 'synthetic', LOG_LEVEL: 'silent' };

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env, cwd: dir });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(async () => {
  const app = await createApp(loadConfig(env), { logger: silentLogger() });
  await app.desks.paper.placeOrder({
    symbol: 'BTCUSD',
    side: 'BUY',
    orderType: 'MARKET',
    quantity: '0.01',
    origin: 'test',
  });
  const eth = Number((await app.market.quotes(['ETHUSD']))[0]!.price);
  const resting = await app.desks.paper.placeOrder({
    symbol: 'ETHUSD',
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: '0.1',
    price: (eth * 0.9).toFixed(2),
    origin: 'test',
  });
  expect(resting.order?.status).toBe('NEW');
  await app.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('operator commands (the built CLI against a journal)', () => {
  it('trades --csv then prints a header and one row per fill', async () => {
    const { stdout, code } = await cli('trades', '--csv');
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trim().split('\n');
    expect(header).toBe(
      'time,mode,symbol,side,price,qty,quoteQty,commission,commissionAsset,isMaker,orderId,clientOrderId,tradeId',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(',paper,BTCUSD,BUY,'))).toBe(true);
  });

  it('trades --orders then lists the journaled orders with their status', async () => {
    const { stdout } = await cli('trades', '--orders');
    expect(stdout).toMatch(/BTCUSD\s+BUY\s+MARKET\s+FILLED/);
  });

  it('risk status --json then shows the limits and the breaker', async () => {
    const { stdout, code } = await cli('risk', 'status', '--json', '--market', 'synthetic');
    expect(code).toBe(0);
    const status = JSON.parse(stdout) as {
      mode: string;
      breaker: { tripped: boolean };
      limits: { maxTradeSizeUsd: string | null };
    };
    expect(status).toMatchObject({ mode: 'paper', breaker: { tripped: false }, limits: { maxTradeSizeUsd: null } });
  });

  it('paper reset then cancels open paper orders and restores the starting balances', async () => {
    const { stdout, code } = await cli('paper', 'reset');
    expect(code).toBe(0);
    expect(stdout).toMatch(/1 open order\(s\) canceled; balances now 10000 USD/);
    const orders = await cli('trades', '--orders', '--csv');
    expect(orders.stdout).toMatch(/ETHUSD,BUY,LIMIT,CANCELED/);
  });

  it('a bad setting then exits 2 naming the variable, the value and what is allowed', async () => {
    const { stderr, code } = await cli('trades', '--limit', 'x');
    expect(code).toBe(2);
    expect(stderr).toContain('--limit x is not valid');
    const bad = await run(process.execPath, [CLI, 'risk', 'status'], {
      env: { ...env, MAX_DAILY_LOSS_USD: 'lots' },
    }).catch((e: { stderr: string; code: number }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toContain('MAX_DAILY_LOSS_USD="lots" is not valid');
  });
});
