/**
 * Codes and messages as Binance.US sends them (binance-us-api-docs errors.md, "Messages for -1010,
 * -2010 and -2011"): a stop that would trigger at once, the market stop types no Binance.US symbol
 * lists, a known type a symbol does not list, a self-trade prevention mode a symbol does not allow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { MatchingEngine } from '../../src/exchanges/simulator/matching-engine.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { checkOrderFilters } from '../../src/model/filters.js';
import { btcUsd } from '../simulator/fixtures.js';
import { signed } from './wire-client.js';

describe('exact codes and messages', () => {
  let fake: FakeExchange;
  const clock = new ManualClock(Date.UTC(2025, 0, 15, 12));
  const market = new SyntheticMarketData(clock, { symbols: ['BTCUSD'] });
  beforeAll(async () => {
    fake = await startFakeExchange({ clock, marketData: market });
  });
  afterAll(async () => {
    await fake.close();
    await market.close();
  });
  const post = (params: Record<string, string>) => signed(fake, 'POST', '/api/v3/order', params);
  const base = { symbol: 'BTCUSD', side: 'SELL', quantity: '0.001' };

  it('a market STOP_LOSS then -2010 Stop loss orders are not supported for this symbol., TAKE_PROFIT likewise', async () => {
    expect((await post({ ...base, type: 'STOP_LOSS', stopPrice: '100' })).body).toEqual({
      code: -2010,
      msg: 'Stop loss orders are not supported for this symbol.',
    });
    expect((await post({ ...base, type: 'TAKE_PROFIT', stopPrice: '100' })).body).toEqual({
      code: -2010,
      msg: 'Take profit orders are not supported for this symbol.',
    });
  });

  it('a SELL stop-loss whose stop is above the last price then -2010 Order would trigger immediately.', async () => {
    const last = Number((await market.prices(['BTCUSD']))[0]!.price);
    const above = (Math.ceil(last * 1.01 * 100) / 100).toFixed(2);
    expect(
      (
        await post({
          ...base,
          type: 'STOP_LOSS_LIMIT',
          timeInForce: 'GTC',
          stopPrice: above,
          price: above,
        })
      ).body,
    ).toEqual({ code: -2010, msg: 'Order would trigger immediately.' });
  });

  it('selfTradePreventionMode NONE (binance.com only) then -1013 This symbol does not allow the specified self-trade prevention mode.', async () => {
    expect((await post({ ...base, type: 'MARKET', selfTradePreventionMode: 'NONE' })).body).toEqual({
      code: -1013,
      msg: 'This symbol does not allow the specified self-trade prevention mode.',
    });
  });

  it('a known type the symbol does not list then -2010 "<type> orders are not supported for this symbol."; LIMIT_MAKER -1116', () => {
    const limitsOnly = btcUsd({ orderTypes: ['LIMIT'] });
    const verdict = (type: 'MARKET' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT' | 'LIMIT_MAKER') => {
      const r = checkOrderFilters(
        limitsOnly,
        {
          clientOrderId: 'x',
          symbol: 'BTCUSD',
          side: 'SELL',
          type,
          quantity: '0.01',
          ...(type === 'MARKET' ? {} : { price: '100' }),
          ...(type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT'
            ? { stopPrice: '99', timeInForce: 'GTC' as const }
            : {}),
        },
        { referencePrice: '100' },
      );
      return [r?.code, r?.message];
    };
    expect(verdict('MARKET')).toEqual([-2010, 'Market orders are not supported for this symbol.']);
    expect(verdict('STOP_LOSS_LIMIT')).toEqual([-2010, 'Stop loss limit orders are not supported for this symbol.']);
    expect(verdict('TAKE_PROFIT_LIMIT')).toEqual([
      -2010,
      'Take profit limit orders are not supported for this symbol.',
    ]);
    expect(verdict('LIMIT_MAKER')).toEqual([-1116, 'Invalid orderType.']);
  });

  it('the engine when a stop would trigger at once then -2010 Order would trigger immediately.', () => {
    const e = new MatchingEngine({ clock, balances: [{ asset: 'BTC', free: '1', locked: '0' }] });
    expect(() =>
      e.place(
        {
          clientOrderId: 's',
          symbol: 'BTCUSD',
          side: 'SELL',
          type: 'STOP_LOSS_LIMIT',
          timeInForce: 'GTC',
          quantity: '0.01',
          stopPrice: '101',
          price: '100',
        },
        {
          market: btcUsd(),
          book: { symbol: 'BTCUSD', lastUpdateId: 1, time: 0, bids: [], asks: [] },
          lastPrice: '100',
        },
      ),
    ).toThrow(expect.objectContaining({ code: -2010, message: 'Order would trigger immediately.' }));
  });
});
