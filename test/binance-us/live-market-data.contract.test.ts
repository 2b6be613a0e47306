/**
 * The live market-data adapter (REST + websocket streams) runs the MarketData contract against the
 * local fake Binance.US, whose market is the seeded synthetic one on the test's clock. Trades travel
 * over the fake's websocket: `advance` first waits until the fake listens to every symbol the
 * client subscribed, then until the client has received every trade the market printed meanwhile
 * (events, not sleeps), so an advance delivers its span as the in-process sources do.
 */
import { ManualClock } from '../../src/clock/manual-clock.js';
import { createBinanceUs } from '../../src/exchanges/binance-us/index.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/index.js';
import { startFakeExchange } from '../../src/fake-exchange/server.js';
import type { MarketData } from '../../src/ports/market-data.js';
import { runMarketDataContract } from '../contract/market-data.contract.js';
import { PrintableMarket } from '../live/printable-market.js';

const START = Date.UTC(2025, 5, 1, 12, 34, 56, 789);

runMarketDataContract(
  'Binance.US client against the fake exchange',
  async () => {
    const clock = new ManualClock(START);
    const synthetic = new SyntheticMarketData(clock, { seed: 7 });
    const market = new PrintableMarket(synthetic, clock);
    const fake = await startFakeExchange({ clock, marketData: market });
    market.ignoreCurrentListeners();
    const live = createBinanceUs({ baseUrl: fake.url, streamUrl: fake.wsUrl, clock, timeoutMs: 10_000 });
    const open = new Map<string, number>();
    // Trades printed while the client listened, and trades the client received, per symbol.
    const printed = new Map<string, number>();
    const received = new Map<string, number>();
    let onReceived: (() => void) | undefined;
    const count = (counts: Map<string, number>, symbol: string) => counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    const symbols = (await synthetic.markets()).map((m) => m.symbol);
    const stopCounting = synthetic.subscribeTrades(symbols, (t) => {
      if ((open.get(t.symbol) ?? 0) > 0) count(printed, t.symbol);
    });
    const allReceived = () => [...printed].every(([symbol, n]) => (received.get(symbol) ?? 0) >= n);
    const md = new Proxy(live.marketData, {
      get(target, property, receiver) {
        if (property !== 'subscribeTrades') {
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return (symbols: string[], listener: Parameters<MarketData['subscribeTrades']>[1]) => {
          for (const s of symbols) open.set(s, (open.get(s) ?? 0) + 1);
          const stop = target.subscribeTrades(symbols, (trade) => {
            count(received, trade.symbol);
            listener(trade);
            onReceived?.();
          });
          return () => {
            for (const s of symbols) open.set(s, (open.get(s) ?? 1) - 1);
            stop();
          };
        };
      },
    });
    return {
      md,
      clock,
      advance: async (ms: number) => {
        await Promise.all([...open].filter(([, n]) => n > 0).map(([symbol]) => market.subscribed(symbol)));
        clock.advance(ms);
        synthetic.pump();
        while (!allReceived()) await new Promise<void>((resolve) => (onReceived = resolve));
        onReceived = undefined;
      },
      cleanup: async () => {
        stopCounting();
        await live.close();
        await fake.close();
        await synthetic.close();
      },
    };
  },
  { subscribeChecksSymbol: false, candleLimitAbove1000: 'refused' },
);
