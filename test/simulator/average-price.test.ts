/**
 * PERCENT_PRICE, PERCENT_PRICE_BY_SIDE and the MARKET side of the notional filters are measured
 * against Binance's average price (avgPrice), not the last trade: in the filters, the tape market
 * data that computes it, the simulated broker, the fake's avgPrice endpoint and the order pricer.
 */
import { describe, expect, it } from 'vitest';
import { parseMarket } from '../../src/exchanges/binance-us/parse.js';
import type { SymbolRaw } from '../../src/exchanges/binance-us/raw-types.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { symbolRaw } from '../../src/fake-exchange/wire-format.js';
import { OrderPricer } from '../../src/app/order-pricer.js';
import { checkOrderFilters } from '../../src/model/filters.js';
import type { Market } from '../../src/model/market.js';
import type { OrderRequest } from '../../src/model/order.js';
import { ListedMarketData } from '../support/listed-tape.js';
import { btcUsd } from './fixtures.js';
import { ladder, ManualClock, ScriptedMarketData } from './scripted-market-data.js';

const { percentPrice: _dropped, ...withoutBand } = btcUsd().filters;
const bySide = (): Market =>
  btcUsd({
    filters: {
      ...withoutBand,
      percentPriceBySide: {
        bidMultiplierUp: '1.2',
        bidMultiplierDown: '0.2',
        askMultiplierUp: '5',
        askMultiplierDown: '0.8',
        avgPriceMins: 1,
      },
    },
  });

const limit = (side: 'BUY' | 'SELL', price: string, quantity = '0.1'): OrderRequest => ({
  clientOrderId: `c-${side}-${price}`,
  symbol: 'BTCUSD',
  side,
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity,
  price,
});

describe('PERCENT_PRICE_BY_SIDE', () => {
  it('checkOrderFilters around an average of 100: a BUY within 20-120, a SELL within 80-500, else -1013 Filter failure: PERCENT_PRICE_BY_SIDE', () => {
    const m = bySide();
    const verdict = (side: 'BUY' | 'SELL', price: string) =>
      checkOrderFilters(m, limit(side, price), { referencePrice: '100' })?.message ?? 'ok';
    expect(verdict('BUY', '120')).toBe('ok');
    expect(verdict('BUY', '120.01')).toBe('Filter failure: PERCENT_PRICE_BY_SIDE');
    expect(verdict('BUY', '20')).toBe('ok');
    expect(verdict('BUY', '19.99')).toBe('Filter failure: PERCENT_PRICE_BY_SIDE');
    expect(verdict('SELL', '80')).toBe('ok');
    expect(verdict('SELL', '79.99')).toBe('Filter failure: PERCENT_PRICE_BY_SIDE');
    expect(verdict('SELL', '500')).toBe('ok');
    expect(verdict('SELL', '500.01')).toBe('Filter failure: PERCENT_PRICE_BY_SIDE');
    expect(checkOrderFilters(m, limit('BUY', '121'), { referencePrice: '100' })?.code).toBe(-1013);
  });

  it('exchangeInfo with PERCENT_PRICE_BY_SIDE then parses it (it was dropped) and the fake sends it back the same', () => {
    const raw = symbolRaw(bySide()) as unknown as SymbolRaw;
    expect(raw.filters.find((f) => f.filterType === 'PERCENT_PRICE_BY_SIDE')).toEqual({
      filterType: 'PERCENT_PRICE_BY_SIDE',
      bidMultiplierUp: '1.2',
      bidMultiplierDown: '0.2',
      askMultiplierUp: '5',
      askMultiplierDown: '0.8',
      avgPriceMins: 1,
    });
    const parsed = parseMarket(raw, btcUsd().fees);
    expect(parsed.filters.percentPriceBySide).toEqual(bySide().filters.percentPriceBySide);
    expect(parsed.defaultSelfTradePreventionMode).toBe('EXPIRE_MAKER');
    expect(parsed.allowedSelfTradePreventionModes).toEqual(['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH']);
  });
});

describe('average price (Binance avgPrice)', () => {
  const NOW = Date.UTC(2024, 0, 1, 12);
  const MIN = 60_000;
  const book = { symbol: 'BTCUSD', lastUpdateId: 1, time: NOW, bids: [['99', '1']], asks: [['101', '1']] } as const;

  it('the tape market data then weighs the last avgPriceMins minutes by quantity, else takes the last trade', async () => {
    const clock = new ManualClock(NOW);
    // Inside the 5 minutes: 200 x 1 and 300 x 3 -> (200 + 900) / 4 = 275. The 100 of 6 minutes ago is outside.
    const md = new ListedMarketData(
      btcUsd(),
      [
        { time: NOW - 6 * MIN, price: '100', qty: '1', buyerIsMaker: false },
        { time: NOW - 4 * MIN, price: '200', qty: '1', buyerIsMaker: false },
        { time: NOW - 1 * MIN, price: '300', qty: '3', buyerIsMaker: true },
      ],
      { ...book, bids: [...book.bids], asks: [...book.asks] } as never,
      clock,
    );
    expect(await md.averagePrice('BTCUSD')).toEqual({
      symbol: 'BTCUSD',
      mins: 5,
      price: '275.00000000',
      closeTime: NOW - MIN,
    });
    expect((await md.prices(['BTCUSD']))[0].price).toBe('300.00000000');
    // 10 minutes later nothing traded in the window: the last trade's price.
    clock.advance(10 * MIN);
    expect((await md.averagePrice('BTCUSD')).price).toBe('300.00000000');
  });

  it('(2 + 1) / 3 in a window then rounds down to 8 decimals as avgPrice does: 0.66666666 for 2 x 0.5 + 1 x 1 over 3', async () => {
    const clock = new ManualClock(NOW);
    // (0.5 x 2 + 1 x 1) / 3 = 2 / 3 = 0.666666666...
    const md = new ListedMarketData(
      btcUsd(),
      [
        { time: NOW - 2 * MIN, price: '0.5', qty: '2', buyerIsMaker: false },
        { time: NOW - MIN, price: '1', qty: '1', buyerIsMaker: false },
      ],
      book as never,
      clock,
    );
    expect((await md.averagePrice('BTCUSD')).price).toBe('0.66666666');
  });

  function scripted() {
    const clock = new ManualClock(NOW);
    const marketData = new ScriptedMarketData(clock, [btcUsd()]);
    const l = ladder(30000, 0.5, '0.5');
    marketData.setBook('BTCUSD', l.bids, l.asks);
    marketData.setLastPrice('BTCUSD', '30000.25');
    marketData.setAveragePrice('BTCUSD', '20000');
    const broker = new SimulatedBroker({
      marketData,
      clock,
      balances: [
        { asset: 'USD', free: '1000000', locked: '0' },
        { asset: 'BTC', free: '1', locked: '0' },
      ],
    });
    return { marketData, broker };
  }

  it('the simulated broker then centres PERCENT_PRICE on the average (20000: at most 100000), not the last trade (30000.25)', async () => {
    const { broker } = scripted();
    await expect(broker.placeOrder(limit('BUY', '100000.01', '0.0001'))).rejects.toMatchObject({
      code: -1013,
      message: 'Filter failure: PERCENT_PRICE',
    });
    await expect(broker.placeOrder(limit('BUY', '100000', '0.0001'))).resolves.toMatchObject({
      order: { status: 'FILLED' },
    });
    await broker.close();
  });

  it('the simulated broker then values a MARKET order at the average for MIN_NOTIONAL: 0.00004 x 20000 = 0.8 < 1 is refused', async () => {
    const { broker } = scripted();
    // At the last price it would be 0.00004 x 30000.25 = 1.20001, above the minimum of 1.
    const market = (quantity: string): OrderRequest => ({
      clientOrderId: `m-${quantity}`,
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'MARKET',
      quantity,
    });
    await expect(broker.placeOrder(market('0.00004'))).rejects.toMatchObject({
      code: -1013,
      message: 'Filter failure: MIN_NOTIONAL',
    });
    // 0.00005 x 20000 = 1.0: passes.
    await expect(broker.placeOrder(market('0.00005'))).resolves.toMatchObject({ order: { status: 'FILLED' } });
    await broker.close();
  });

  it('the order pricer then checks and explains PERCENT_PRICE against the average, with the numbers', async () => {
    const { marketData, broker } = scripted();
    const pricer = new OrderPricer(marketData, broker, async () => '1');
    const priced = await pricer.price(btcUsd(), limit('BUY', '100000.01', '0.0001'));
    expect(priced.rejection).toEqual({
      code: -1013,
      msg: 'Filter failure: PERCENT_PRICE',
      explanation:
        'PERCENT_PRICE: 100000.01 is above the allowed 100000.00 for a BUY now (0.2x-5x the 5-minute average price, about 20000.00). Use a price from 4000.00 to 100000.00.',
    });
    await broker.close();
  });
});
