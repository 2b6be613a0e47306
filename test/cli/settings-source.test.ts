import { describe, expect, it } from 'vitest';
import { settingsSource } from '../../src/cli/settings-source.js';
import { loadConfig } from '../../src/config.js';

describe('settings from the environment', () => {
  it('an unfilled .mcpb placeholder counts as unset, so the default applies', () => {
    const source = settingsSource(
      {},
      {
        MAX_TRADE_SIZE_USD: '${user_config.max_trade_size_usd}',
        TRADING_MODE: '${user_config.trading_mode}',
        MAX_DAILY_LOSS_USD: '250',
      },
    );
    expect(source.MAX_TRADE_SIZE_USD).toBeUndefined();
    const config = loadConfig(source);
    expect(config.tradingMode).toBe('paper');
    expect(config.maxTradeSizeUsd).toBeUndefined();
    expect(config.maxDailyLossUsd).toBe('250');
  });

  it('a value that merely contains a placeholder is kept, and refused by the setting that reads it', () => {
    const source = settingsSource({}, { MAX_TRADE_SIZE_USD: '5${user_config.x}' });
    expect(source.MAX_TRADE_SIZE_USD).toBe('5${user_config.x}');
    expect(() => loadConfig(source)).toThrow(/MAX_TRADE_SIZE_USD/);
  });
});
