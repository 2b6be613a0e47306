/**
 * Binance.US request weight spent by our client per MCP context type, for the discovery workflow
 * of the product description, and over a simulated 10-minute monitoring loop of 20 symbols, each
 * beside a naive client that makes one call per symbol. Weight is measured on the local fake
 * exchange (its own weight counter); our limiter's accounting is printed alongside as a check.
 */
import { ManualClock } from '../src/clock/manual-clock.js';
import { ExchangeInfoCache } from '../src/exchanges/binance-us/exchange-info.js';
import { BinanceUsBroker } from '../src/exchanges/binance-us/live-broker.js';
import { BinanceUsMarketData } from '../src/exchanges/binance-us/live-market-data.js';
import { RateLimiter } from '../src/exchanges/binance-us/rate-limiter.js';
import { BinanceRestClient } from '../src/exchanges/binance-us/rest-client.js';
import { startFakeExchange, type FakeExchange } from '../src/fake-exchange/server.js';
import type { Clock } from '../src/ports/clock.js';

interface Client {
  rest: BinanceRestClient;
  data: BinanceUsMarketData;
  broker: BinanceUsBroker;
}

function ourClient(fake: FakeExchange, clock: Clock, trustServerWeight = true): Client {
  const limiter = new RateLimiter({ clock, trustServerWeight });
  const rest = new BinanceRestClient({
    baseUrl: fake.url,
    clock,
    credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
    limiter,
  });
  const info = new ExchangeInfoCache(rest, clock);
  return {
    rest,
    data: new BinanceUsMarketData({ rest, exchangeInfo: info, clock }),
    broker: new BinanceUsBroker({ rest, exchangeInfo: info, clock }),
  };
}

/** The naive client: the same REST client (signing, no retries needed) but one call per symbol and no caches. */
class NaiveClient {
  constructor(readonly rest: BinanceRestClient) {}
  ticker(symbol: string) {
    return this.rest.get('/api/v3/ticker/24hr', { symbol }, 1);
  }
  price(symbol: string) {
    return this.rest.get('/api/v3/ticker/price', { symbol }, 1);
  }
  exchangeInfo() {
    return this.rest.get<{ symbols: { symbol: string }[] }>('/api/v3/exchangeInfo', undefined, 10);
  }
  fee(symbol: string) {
    return this.rest.signedGet('/sapi/v1/asset/query/trading-fee', { symbol }, 1);
  }
  klines(symbol: string, interval: string, limit: number) {
    return this.rest.get('/api/v3/klines', { symbol, interval, limit }, 1);
  }
  depth(symbol: string, limit: number) {
    return this.rest.get('/api/v3/depth', { symbol, limit }, 1);
  }
  account() {
    return this.rest.signedGet<{ balances: { asset: string; free: string; locked: string }[] }>(
      '/api/v3/account',
      undefined,
      10,
    );
  }
  myTrades(symbol: string) {
    return this.rest.signedGet('/api/v3/myTrades', { symbol }, 10);
  }
  order(symbol: string, clientOrderId: string) {
    return this.rest.signedWrite(
      'POST',
      '/api/v3/order',
      {
        symbol,
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.01',
        newClientOrderId: clientOrderId,
        newOrderRespType: 'FULL',
      },
      1,
      1,
    );
  }
}

function naiveClient(fake: FakeExchange, clock: Clock): NaiveClient {
  return new NaiveClient(
    new BinanceRestClient({
      baseUrl: fake.url,
      clock,
      credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
      limiter: new RateLimiter({ clock, trustServerWeight: false, headroom: 1, limits: { weightPerMinute: 1e9 } }),
    }),
  );
}

async function weightOf(fake: FakeExchange, run: () => Promise<unknown>): Promise<number> {
  const before = fake.stats.weight;
  await run();
  return fake.stats.weight - before;
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const ratio = (naive: number, ours: number) => (ours === 0 ? 'n/a' : `${(naive / ours).toFixed(1)}x`);

async function perContext(): Promise<void> {
  const fake = await startFakeExchange({ limits: { weightPerMinute: 1_000_000 } });
  const clock: Clock = { now: () => Date.now() };
  try {
    const symbols = (await fake.marketData.markets()).map((m) => m.symbol);
    const five = symbols.slice(0, 5);
    const two = ['BTCUSD', 'ETHUSD'];
    const setup = ourClient(fake, clock);
    await setup.broker.placeOrder({
      clientOrderId: 'bench-setup-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01',
    });
    await setup.broker.placeOrder({
      clientOrderId: 'bench-setup-2',
      symbol: 'ETHUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.1',
    });

    // Each context type from a cold client (no caches), as the first question of a session would be.
    const ours = async (run: (c: Client) => Promise<unknown>) => {
      const c = ourClient(fake, clock);
      await c.rest.syncTime();
      const before = c.rest.limiter.stats().totalWeight;
      const measured = await weightOf(fake, () => run(c));
      return { measured, accounted: c.rest.limiter.stats().totalWeight - before };
    };
    const naive = async (run: (n: NaiveClient) => Promise<unknown>) => {
      const n = naiveClient(fake, clock);
      await n.rest.syncTime();
      return weightOf(fake, () => run(n));
    };
    const heldPrices = async (c: Client) => {
      const held = (await c.broker.balances())
        .map((b) => b.asset)
        .filter((a) => a !== 'USD')
        .map((a) => `${a}USD`);
      return c.data.prices(held);
    };
    const cases: [string, (c: Client) => Promise<unknown>, (n: NaiveClient) => Promise<unknown>][] = [
      ['market_data (5 symbols)', (c) => c.data.tickers24h(five), (n) => Promise.all(five.map((s) => n.ticker(s)))],
      [
        `all_markets (${symbols.length} symbols)`,
        (c) => Promise.all([c.data.markets(), c.data.tickers24h()]),
        async (n) => {
          const info = await n.exchangeInfo();
          await Promise.all(info.symbols.map((s) => n.ticker(s.symbol)));
        },
      ],
      ['fee_structure (2 symbols)', (c) => c.broker.tradingFees(two), (n) => Promise.all(two.map((s) => n.fee(s)))],
      [
        'candlestick_data (1h x 100)',
        (c) => c.data.candles('BTCUSD', '1h', { limit: 100 }),
        (n) => n.klines('BTCUSD', '1h', 100),
      ],
      ['order_book (100 levels)', (c) => c.data.orderBook('BTCUSD', 100), (n) => n.depth('BTCUSD', 100)],
      ['ticker_24h (2 symbols)', (c) => c.data.tickers24h(two), (n) => Promise.all(two.map((s) => n.ticker(s)))],
      [
        'account_state',
        async (c) => {
          await heldPrices(c);
        },
        async (n) => {
          const a = await n.account();
          await Promise.all(
            a.balances
              .filter((b) => Number(b.free) + Number(b.locked) > 0 && b.asset !== 'USD')
              .map((b) => n.price(`${b.asset}USD`)),
          );
        },
      ],
      ['trade_history (BTCUSD)', (c) => c.broker.fills({ symbol: 'BTCUSD' }), (n) => n.myTrades('BTCUSD')],
    ];
    console.log('Request weight per MCP context type (measured by the fake exchange; cold caches)');
    console.log(`${pad('context', 30)}${pad('ours', 8)}${pad('(limiter)', 11)}${pad('naive', 8)}naive/ours`);
    for (const [name, oursRun, naiveRun] of cases) {
      const o = await ours(oursRun);
      const nv = await naive(naiveRun);
      console.log(`${pad(name, 30)}${pad(o.measured, 8)}${pad(o.accounted, 11)}${pad(nv, 8)}${ratio(nv, o.measured)}`);
    }

    // The discovery workflow of the product description, one session: markets, fees, candles, indicators, a buy.
    const session = ourClient(fake, clock);
    await session.rest.syncTime();
    const oursFlow = await weightOf(fake, async () => {
      await Promise.all([session.data.markets(), session.data.tickers24h()]);
      await session.broker.tradingFees(['BTCUSD']);
      await session.data.candles('BTCUSD', '1h', { limit: 100 });
      await session.data.candles('BTCUSD', '1h', { limit: 500 });
      await session.broker.placeOrder({
        clientOrderId: 'bench-flow-ours',
        symbol: 'BTCUSD',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.01',
      });
    });
    const n = naiveClient(fake, clock);
    await n.rest.syncTime();
    const naiveFlow = await weightOf(fake, async () => {
      const info = await n.exchangeInfo();
      await Promise.all(info.symbols.map((s) => n.ticker(s.symbol)));
      await n.fee('BTCUSD');
      await n.klines('BTCUSD', '1h', 100);
      await n.klines('BTCUSD', '1h', 500);
      await n.order('BTCUSD', 'bench-flow-naive');
    });
    console.log(
      `${pad('discovery workflow', 30)}${pad(oursFlow, 19)}${pad(naiveFlow, 8)}${ratio(naiveFlow, oursFlow)}`,
    );
    for (const listing of [100, 300]) {
      const o = 10 + Math.ceil(listing / 20) + 1 + 1 + 1 + 1;
      const nv = 10 + listing + 1 + 1 + 1 + 1;
      console.log(`${pad(`  same, ${listing}-symbol listing*`, 30)}${pad(o, 19)}${pad(nv, 8)}${ratio(nv, o)}`);
    }
    console.log('  * computed from the documented weights, not measured (the fake lists fewer symbols)');
  } finally {
    await fake.close();
  }
}

/** 10 simulated minutes watching 20 symbols: prices every 2 s, 24h stats every 10 s, 1m candles every minute, the account every 30 s. */
async function monitoringLoop(
  fake: FakeExchange,
  clock: ManualClock,
  step: (second: number) => Promise<void>,
): Promise<number[]> {
  const perMinute: number[] = [];
  for (let minute = 0; minute < 10; minute += 1) {
    const before = fake.stats.weight;
    for (let second = 0; second < 60; second += 2) {
      await step(minute * 60 + second);
      clock.advance(2000);
    }
    perMinute.push(fake.stats.weight - before);
  }
  return perMinute;
}

async function monitoring(): Promise<void> {
  const start = Math.ceil(Date.now() / 60_000) * 60_000;
  const clock = new ManualClock(start);
  const fake = await startFakeExchange({ clock });
  const naiveFake = await startFakeExchange({ clock: new ManualClock(start), limits: { weightPerMinute: 1_000_000 } });
  try {
    const symbols = (await fake.marketData.markets()).map((m) => m.symbol).slice(0, 20);
    const c = ourClient(fake, clock);
    const ours = await monitoringLoop(fake, clock, async (t) => {
      await c.data.prices(symbols);
      if (t % 10 === 0) await c.data.tickers24h(symbols);
      if (t % 60 === 0) await Promise.all(symbols.map((s) => c.data.candles(s, '1m', { limit: 60 })));
      if (t % 30 === 0) await c.broker.balances();
    });
    const naiveClock = new ManualClock(start);
    const n = naiveClient(naiveFake, naiveClock);
    const naive = await monitoringLoop(naiveFake, naiveClock, async (t) => {
      await Promise.all(symbols.map((s) => n.price(s)));
      if (t % 10 === 0) await Promise.all(symbols.map((s) => n.ticker(s)));
      if (t % 60 === 0) await Promise.all(symbols.map((s) => n.klines(s, '1m', 60)));
      if (t % 30 === 0) await n.account();
    });
    const limit = c.rest.limiter.weightLimit;
    const peak = Math.max(...ours);
    const naivePeak = Math.max(...naive);
    console.log(`\nMonitoring loop, 20 symbols, 10 simulated minutes (weight per minute, limit ${limit})`);
    console.log(
      `ours : ${ours.join(' ')}  peak ${peak} = ${((100 * peak) / limit).toFixed(1)} % of the limit (${peak <= limit / 2 ? 'under' : 'OVER'} half)`,
    );
    console.log(
      `naive: ${naive.join(' ')}  peak ${naivePeak} = ${((100 * naivePeak) / limit).toFixed(1)} % of the limit`,
    );
    console.log(
      `naive/ours peak: ${ratio(naivePeak, peak)}; 429s seen by ours: ${fake.stats.rateLimited429}, 418s: ${fake.stats.banned418}`,
    );
    if (peak > limit / 2) process.exitCode = 1;
  } finally {
    await fake.close();
    await naiveFake.close();
  }
}

await perContext();
await monitoring();
