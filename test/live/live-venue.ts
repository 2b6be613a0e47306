/**
 * The fake Binance.US as a venue the test controls: seeded synthetic prices whose public trades are
 * pumped by the test (so the market can be frozen before a restart), a simulated broker holding the
 * account, and the real application (createApp, TRADING_MODE=live) pointed at it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SystemClock } from '../../src/clock/system-clock.js';
import { createApp, type ComposedApp } from '../../src/compose/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { BinanceUsTuning } from '../../src/exchanges/binance-us/index.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import type { FakeLimits } from '../../src/fake-exchange/rate-limits.js';
import type { Balance } from '../../src/model/balance.js';
import type { Clock } from '../../src/ports/clock.js';
import { PrintableMarket } from './printable-market.js';

export const START_BALANCES: Balance[] = [{ asset: 'USD', free: '10000', locked: '0' }];

export interface LiveVenue {
  fake: FakeExchange;
  broker: SimulatedBroker;
  market: SyntheticMarketData;
  /** Prints a public trade on the venue now: resting orders it trades through fill. */
  printTrade(symbol: string, price: string, qty: string): Promise<void>;
  /** Resolves once the venue's trade stream for the symbol has a subscriber (a print then reaches it). */
  tradesSubscribed(symbol: string): Promise<void>;
  /** Starts delivering the synthetic tape's public trades every `everyMs` (resting orders fill). */
  startTrading(everyMs?: number): void;
  /** Stops delivering trades: nothing on the venue changes by itself any more. */
  stopTrading(): void;
  close(): Promise<void>;
}

export async function startLiveVenue(
  options: { clock?: Clock; limits?: Partial<FakeLimits>; random?: () => number; balances?: Balance[] } = {},
): Promise<LiveVenue> {
  const clock = options.clock ?? new SystemClock();
  const market = new SyntheticMarketData(clock, { seed: 7 });
  const printable = new PrintableMarket(market, clock);
  const broker = new SimulatedBroker({ marketData: printable, clock, balances: options.balances ?? START_BALANCES });
  const fake = await startFakeExchange({
    broker,
    marketData: printable,
    clock,
    limits: options.limits,
    random: options.random,
  });
  // The fake's own trade tape listens to every symbol from its start: only the clients' streams count as subscribers.
  printable.ignoreCurrentListeners();
  let pump: NodeJS.Timeout | undefined;
  const stopTrading = () => {
    if (pump) clearInterval(pump);
    pump = undefined;
  };
  return {
    fake,
    broker,
    market,
    async printTrade(symbol, price, qty) {
      printable.print(symbol, price, qty);
      await broker.idle();
    },
    tradesSubscribed: (symbol) => printable.subscribed(symbol),
    startTrading(everyMs = 100) {
      pump ??= setInterval(() => market.pump(), everyMs);
    },
    stopTrading,
    async close() {
      stopTrading();
      await fake.close();
      await broker.close();
      await market.close();
    },
  };
}

/** What the application logged, kept in memory (never on stdout). */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );

  find(msg: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.msg === msg);
  }
}

export interface LiveAppHandle {
  config: Config;
  dir: string;
  open(extra?: { logger?: LogCapture['logger'] }): Promise<ComposedApp>;
  remove(): Promise<void>;
}

/** A temporary SQLite journal and the live configuration against the fake; `open` may be called again (restart). */
export async function liveApp(
  fake: FakeExchange,
  tuning: BinanceUsTuning,
  settings: Record<string, string> = {},
): Promise<LiveAppHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'binance-mcp-live-'));
  const config = loadConfig({
    TRADING_MODE: 'live',
    LIVE_REQUIRES_CONFIRMATION: 'false',
    BINANCE_API_KEY: fake.apiKey,
    BINANCE_API_SECRET: fake.apiSecret,
    BINANCE_BASE_URL: fake.url,
    BINANCE_STREAM_URL: fake.wsUrl,
    MARKET_DATA: 'live',
    DATA_DIR: dir,
    DATABASE_URL: `sqlite:${join(dir, 'trading.db')}`,
    LOG_LEVEL: 'silent',
    ...settings,
  });
  return {
    config,
    dir,
    open: (extra = {}) => createApp(config, { binance: tuning, ...(extra.logger ? { logger: extra.logger } : {}) }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** mulberry32: a small seeded generator, so a failing campaign can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
