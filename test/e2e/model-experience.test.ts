/**
 * What a model reads, against the real application on the synthetic market: results sized for a
 * context window, the trading rules in sight, and refusals that say what to do instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { connectInMemory, structured, textOf } from '../support/mcp-clients.js';
import { realApp, type RealApp } from '../support/real-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

const token = 'e'.repeat(64);
let real: RealApp;
let server: RunningHttpServer;
let client: Client;

beforeAll(async () => {
  real = await realApp();
  server = await serveHttp(real.app, { host: '127.0.0.1', port: 0, token });
  client = await connectInMemory(createMcpServerFactory(real.app), { era: 'modern' });
}, 60_000);
afterAll(async () => {
  await client?.close();
  await server?.close();
  await real?.close();
});

const call = async (name: string, args: Data) => client.callTool({ name, arguments: args });
const data = async (name: string, args: Data) => {
  const result = await call(name, args);
  expect(result.isError, textOf(result)).toBeFalsy();
  return structured<Data>(result);
};
const price = async () => Number((await data('get_market_data', { symbols: ['BTCUSD'] })).quotes[0].price);

describe('results a model can afford', () => {
  it('get_candles when 1000 are asked then pages come back with a cursor until all 1000 arrived, each page under the cap', async () => {
    const first = await call('get_candles', { symbol: 'BTCUSD', timeframe: '1h', limit: 1000 });
    expect(textOf(first).length).toBeLessThanOrEqual(40_000);
    const page1 = structured<Data>(first);
    expect(page1.nextCursor).toBeTypeOf('number');
    expect(page1.note).toMatch(/would pass the result size cap: call again with cursor=\d+ and limit=\d+/);
    const page2 = await data('get_candles', {
      symbol: 'BTCUSD',
      timeframe: '1h',
      limit: 1000 - page1.count,
      cursor: page1.nextCursor,
    });
    expect(page1.count + page2.count).toBe(1000);
    expect(page2.nextCursor).toBeNull();
    const times = [...page2.rows, ...page1.rows].map((r: string[]) => Date.parse(r[0]!));
    expect(new Set(times).size).toBe(1000);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('get_candles when fewer exist in the range than asked then the note says so', async () => {
    const now = real.app.clock.now();
    const page = await data('get_candles', {
      symbol: 'BTCUSD',
      timeframe: '1h',
      limit: 500,
      start_time: now - 5 * 3_600_000,
    });
    expect(page.count).toBeLessThanOrEqual(6);
    expect(page.note).toMatch(/500 asked, \d exist in the range/);
  });

  it('list_markets when listed then each row carries the trading rules, columns named once', async () => {
    const page = await data('list_markets', { quote_asset: 'USD' });
    expect(page.columns).toEqual([
      'symbol',
      'base',
      'quote',
      'status',
      'price',
      'quoteVolume24h',
      'tickSize',
      'stepSize',
      'minQty',
      'minNotional',
      'maxNotional',
      'priceBand',
    ]);
    const btc = page.rows.find((r: unknown[]) => r[0] === 'BTCUSD');
    expect(btc.slice(6)).toEqual(['0.01', '0.00001', '0.00001', '1', '9000000', '0.2-5x']);
    expect(page.orderTypes).toEqual(['MARKET', 'LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);
  });

  it('get_symbol_rules when asked then gives tick, step, notional and the limit-price range around the current price', async () => {
    const rules = await data('get_symbol_rules', { symbol: 'btcusd' });
    const now = await price();
    expect(rules).toMatchObject({
      symbol: 'BTCUSD',
      price: { tickSize: '0.01' },
      quantity: { stepSize: '0.00001', min: '0.00001' },
      notional: { min: '1' },
    });
    expect(Number(rules.percentPrice.limitPriceNow.low)).toBeCloseTo(now * 0.2, -2);
    expect(Number(rules.percentPrice.limitPriceNow.high)).toBeCloseTo(now * 5, -3);
  });

  it('get_order_book when the default depth ends inside a band then the bands come from a deeper book and say what they cover', async () => {
    const book = await data('get_order_book', { symbol: 'BTCUSD' });
    const [one, five] = book.summary.depth;
    expect(one.complete && five.complete).toBe(true);
    expect(Number(five.bidQty)).toBeGreaterThan(Number(one.bidQty));
    expect(book.summary.coverage).toMatch(/reach past every band/);
  });

  it('timestamps when a result carries epoch ms then an ISO-8601 UTC twin stands beside it', async () => {
    const quote = (await data('get_market_data', { symbols: ['BTCUSD'] })).quotes[0];
    expect(quote.timeIso).toBe(new Date(quote.time).toISOString().replace(/\.000Z$/, 'Z'));
  });
});

describe('errors that teach', () => {
  it.each([['BTC/USD'], ['btc-usd'], ['bitcoin']])(
    'a symbol written %s when used then the refusal asks "did you mean BTCUSD"',
    async (written) => {
      const result = await call('get_candles', { symbol: written });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/did you mean BTCUSD/);
    },
  );

  it('order_type STOP_LOSS when used then the refusal says to use STOP_LOSS_LIMIT with a price', async () => {
    const result = await call('place_order', {
      symbol: 'BTCUSD',
      side: 'SELL',
      order_type: 'STOP_LOSS',
      quantity: '0.001',
      stop_price: '1000',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/STOP_LOSS: .*use STOP_LOSS_LIMIT .* with stop_price and a price/);
  });

  it('place_order when the notional is under the minimum then the Binance code stays and the explanation has the numbers and the fix', async () => {
    const placed = await data('place_order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'LIMIT',
      quantity: '0.00001',
      price: '42000',
      action_id: 'teach-notional',
    });
    expect(placed.status).toBe('rejected');
    expect(placed.rejection).toMatchObject({ code: -1013, msg: 'Filter failure: NOTIONAL' });
    expect(placed.rejection.explanation).toBe(
      'NOTIONAL: 0.42 USD is under the minimum 1.00 USD. Order at least 0.00003 BTC at 42000.00.',
    );
    expect(placed.summary).toContain(placed.rejection.explanation);
  });

  it('place_order when the limit price is far above the market then PERCENT_PRICE says the allowed range now', async () => {
    const now = await price();
    const placed = await data('place_order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'LIMIT',
      quantity: '0.001',
      price: String(Math.round(now * 6)),
      action_id: 'teach-percent',
    });
    expect(placed.rejection.msg).toBe('Filter failure: PERCENT_PRICE');
    expect(placed.rejection.explanation).toMatch(
      /^PERCENT_PRICE: \d+ is above the allowed [\d.]+ for a BUY now .* Use a price from [\d.]+ to [\d.]+\.$/,
    );
  });

  it('REST /mcp/actions when an order is rejected then it carries the same explanation and the rounding notes', async () => {
    const response = await fetch(`${server.url}/mcp/actions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        actions: [
          {
            action_id: 'rest-teach',
            action: {
              action_type: 'trade_order',
              symbol: 'BTCUSD',
              side: 'BUY',
              order_type: 'LIMIT',
              quantity: '0.000015',
              price: '42000',
            },
          },
        ],
      }),
    });
    const result = ((await response.json()) as Data).results[0];
    expect(result.error).toMatchObject({
      code: 'EXCHANGE_REJECTED',
      binance_code: -1013,
      explanation: 'NOTIONAL: 0.42 USD is under the minimum 1.00 USD. Order at least 0.00003 BTC at 42000.00.',
    });
    expect(result.adjustments.join(' ')).toMatch(/quantity 0.000015 rounded down to 0.00001/);
  });

  it('cancel_order when the order had already filled then it says so, with when and how much', async () => {
    const placed = await data('place_order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'MARKET',
      quote_quantity: '20',
      action_id: 'teach-cancel-filled',
    });
    expect(placed.order.status).toBe('FILLED');
    const canceled = await data('cancel_order', { symbol: 'BTCUSD', action_id: 'teach-cancel-filled' });
    expect(canceled.status).toBe('rejected');
    expect(canceled.rejection.code).toBe(-2011);
    expect(canceled.rejection.explanation).toMatch(
      new RegExp(
        `^The order had already filled at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: ${placed.order.executedQty} of ${placed.order.origQty} for ${placed.order.cummulativeQuoteQty}`,
      ),
    );
    expect(canceled.summary).toContain('already filled');
  });

  it('preview_order when the account cannot pay then it shows needed vs free and says place_order would refuse it', async () => {
    const preview = await data('preview_order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'MARKET',
      quote_quantity: '498000',
    });
    expect(preview.balance).toMatchObject({ asset: 'USD', needed: '498000', enough: false });
    expect(preview.placeable).toBe(false);
    expect(preview.verdict).toMatch(/place_order would refuse it: the balance: it needs 498000 USD/);
  });

  it('preview_order when a quote amount fits the book then there is no "cannot fill" note and it is placeable', async () => {
    const preview = await data('preview_order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'MARKET',
      quote_quantity: '100',
    });
    expect(preview.adjustments.join(' ')).not.toMatch(/cannot fill/);
    expect(preview).toMatchObject({ placeable: true, balance: { enough: true } });
  });
});
