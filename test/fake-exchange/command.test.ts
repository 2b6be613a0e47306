import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runFakeExchangeCommand } from '../../src/fake-exchange/command.js';
import type { FakeExchange } from '../../src/fake-exchange/server.js';
import { publicGet, signed } from './wire-client.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const replayFile = resolve(repoRoot, '../shared/data/klines/BTCUSD_1m_20230301_20230321.csv');

async function run(
  opts: Parameters<typeof runFakeExchangeCommand>[0],
  use: (exchange: FakeExchange) => Promise<void>,
): Promise<string> {
  let output = '';
  const stop = new AbortController();
  let failure: unknown;
  await runFakeExchangeCommand(opts, {
    write: (text) => {
      output += text;
    },
    signal: stop.signal,
    onReady: (exchange) => {
      use(exchange)
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => stop.abort());
    },
  });
  if (failure) throw failure;
  return output;
}

describe('binance-mcp fake-exchange command', () => {
  it('without keys then makes a pair up, prints it with BINANCE_BASE_URL / BINANCE_STREAM_URL, and the pair works', async () => {
    let url = '';
    const output = await run({ port: 0, market: 'synthetic' }, async (exchange) => {
      url = exchange.url;
      const account = await signed(exchange, 'GET', '/api/v3/account');
      expect(account.status).toBe(200);
      expect(account.body.balances).toContainEqual({ asset: 'USD', free: '10000.00000000', locked: '0.00000000' });
    });
    expect(output).toContain(`BINANCE_BASE_URL=${url}`);
    expect(output).toContain(`BINANCE_STREAM_URL=${url.replace('http:', 'ws:')}`);
    expect(output).toMatch(/BINANCE_API_KEY=[A-Za-z0-9]{64}/);
    expect(output).toMatch(/BINANCE_API_SECRET=[A-Za-z0-9]{64}/);
    expect(output).toContain('stopped');
  });

  it('with a key pair given then accepts it and never prints the secret', async () => {
    const apiKey = 'k'.repeat(64);
    const apiSecret = 'TopSecretValue1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN';
    const output = await run({ port: 0, market: 'synthetic', apiKey, apiSecret }, async (exchange) => {
      expect((await signed(exchange, 'GET', '/api/v3/account')).status).toBe(200);
      expect(exchange.apiKey).toBe(apiKey);
    });
    expect(output).not.toContain(apiSecret);
    expect(output).not.toContain('BINANCE_API_SECRET=');
  });

  it.skipIf(!existsSync(replayFile))(
    'with --market replay:PATH then prices come from the file at replay time while signing uses the wall clock (skips without ../shared/data)',
    async () => {
      const output = await run({ port: 0, market: `replay:${replayFile}` }, async (exchange) => {
        const klines = await publicGet(exchange, '/api/v3/klines', { symbol: 'BTCUSD', interval: '1m', limit: '1' });
        expect(klines.status).toBe(200);
        expect(new Date(klines.body[0][0]).getUTCFullYear()).toBe(2023);
        const order = await signed(exchange, 'POST', '/api/v3/order', {
          symbol: 'BTCUSD',
          side: 'BUY',
          type: 'MARKET',
          quoteOrderQty: '100',
          newClientOrderId: 'replay-1',
        });
        expect(order.status).toBe(200);
        expect(order.body.status).toBe('FILLED');
      });
      expect(output).toContain('replay of');
    },
  );

  it('with only one of key and secret then refuses, naming both', async () => {
    await expect(runFakeExchangeCommand({ port: 0, market: 'synthetic', apiKey: 'abc' })).rejects.toThrow(
      /API key and the API secret/,
    );
  });

  it('with an unknown market then refuses, naming what is allowed', async () => {
    await expect(runFakeExchangeCommand({ port: 0, market: 'moon' })).rejects.toThrow(/synthetic or replay:PATH/);
  });
});
