import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTINGS } from '../../src/config.js';

describe('config', () => {
  it('loadConfig with no settings then gives the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/bm' });
    expect(config.tradingMode).toBe('paper');
    expect(config.market).toEqual({ kind: 'live' });
    expect(config.databaseUrl).toBe('sqlite:/tmp/bm/trading.db');
    expect(config.paperStartingBalances).toEqual([{ asset: 'USD', amount: '10000' }]);
    expect(config.maxTradeSizeUsd).toBeUndefined();
    expect(config.httpHost).toBe('127.0.0.1');
    expect(config.httpPort).toBe(8000);
  });

  it.each([
    ['TRADING_MODE', 'demo', /TRADING_MODE="demo" is not valid: allowed one of paper, live/],
    ['MAX_TRADE_SIZE_USD', '-5', /MAX_TRADE_SIZE_USD="-5" is not valid: allowed a positive decimal amount/],
    ['MAX_ORDERS_PER_MINUTE', '1.5', /MAX_ORDERS_PER_MINUTE="1.5" is not valid: allowed a whole number/],
    ['HTTP_PORT', '70000', /HTTP_PORT="70000" is not valid: allowed a whole number from 0 to 65535/],
    ['MARKET_DATA', 'binance', /MARKET_DATA="binance" is not valid: allowed live, synthetic or replay:PATH/],
    ['PAPER_STARTING_BALANCES', 'USD=100', /PAPER_STARTING_BALANCES="USD=100" is not valid: allowed ASSET:AMOUNT/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL="mysql:\/\/x" is not valid: allowed sqlite:PATH/],
    ['ALLOWED_SYMBOLS', 'BTC USD', /ALLOWED_SYMBOLS="BTC USD" is not valid: allowed comma-separated symbols/],
  ])('loadConfig when %s=%s then names the variable, the value and what is allowed', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('loadConfig when DATABASE_URL has a password then the error hides it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(/\*\*\*@/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).not.toThrow(/hunter2/);
  });

  it('loadConfig when limits and lists are set then parses them exactly', () => {
    const config = loadConfig({
      MAX_TRADE_SIZE_USD: '250.50',
      MAX_DAILY_LOSS_USD: '500',
      ALLOWED_SYMBOLS: 'btcusd, ethusd',
      MARKET_DATA: 'replay:/tmp/x.csv',
      PAPER_STARTING_BALANCES: 'USD:5000,btc:0.1',
    });
    expect(config.maxTradeSizeUsd).toBe('250.50');
    expect(config.allowedSymbols).toEqual(['BTCUSD', 'ETHUSD']);
    expect(config.market).toEqual({ kind: 'replay', path: '/tmp/x.csv' });
    expect(config.paperStartingBalances).toEqual([
      { asset: 'USD', amount: '5000' },
      { asset: 'BTC', amount: '0.1' },
    ]);
  });

  it('.env.example documents every setting with its default', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const setting of SETTINGS) expect(example).toContain(`\n${setting.env}=${setting.default}\n`);
  });
});
