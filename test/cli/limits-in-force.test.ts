/**
 * `binance-mcp risk status` in another shell shows the limits the running server enforces (journaled
 * at its start), not that shell's environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { riskStatusCommand } from '../../src/cli/commands/risk.js';
import { createApp } from '../../src/compose/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';

const dir = mkdtempSync(join(tmpdir(), 'bm-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
const base = {
  DATA_DIR: dir,
  DATABASE_URL: `sqlite:${join(dir, 'trading.db')}`,
  MARKET_DATA: 'synthetic',
  LOG_LEVEL: 'silent',
};

async function riskStatus(settings: Record<string, string>, json: boolean): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await riskStatusCommand(loadConfig({ ...base, ...settings }), { account: 'paper', ...(json ? { json } : {}) });
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

describe('limits in force kept in the journal', () => {
  it("risk status when a server runs with limits then another shell without them shows the server's limits", async () => {
    const before = JSON.parse(await riskStatus({}, true)) as {
      limits: { maxDailyLossUsd: string | null };
      limitsSource: string;
    };
    expect(before.limits.maxDailyLossUsd).toBeNull();

    const server = await createApp(
      loadConfig({ ...base, MAX_DAILY_LOSS_USD: '5', MAX_TRADE_SIZE_USD: '250', ALLOWED_SYMBOLS: 'BTCUSD' }),
      { logger: silentLogger(), serving: true },
    );
    try {
      const status = JSON.parse(await riskStatus({}, true)) as {
        limits: Record<string, unknown>;
        limitsSource: string;
        shellDiffers: string[];
      };
      expect(status.limits).toMatchObject({
        maxDailyLossUsd: '5',
        maxTradeSizeUsd: '250',
        allowedSymbols: ['BTCUSD'],
        maxPositionSizeUsd: null,
      });
      expect(before.limitsSource).toContain("this shell's settings");
      expect(status.limitsSource).toContain(`pid ${process.pid}`);
      expect(status.shellDiffers).toEqual(['MAX_TRADE_SIZE_USD', 'MAX_DAILY_LOSS_USD', 'ALLOWED_SYMBOLS']);
      const text = await riskStatus({}, false);
      expect(text).toContain('MAX_DAILY_LOSS_USD: 5\n');
      expect(text).toContain('limits in force: those of the server started');
      expect(text).toContain(
        "this shell's own settings differ for MAX_TRADE_SIZE_USD, MAX_DAILY_LOSS_USD, ALLOWED_SYMBOLS",
      );

      // The CLI's own short-lived app never replaces them.
      expect(JSON.parse(await riskStatus({ MAX_DAILY_LOSS_USD: '99' }, true)).limits.maxDailyLossUsd).toBe('5');
      expect(JSON.parse(await riskStatus({}, true)).limits.maxDailyLossUsd).toBe('5');
    } finally {
      await server.close();
    }
  }, 60_000);
});
