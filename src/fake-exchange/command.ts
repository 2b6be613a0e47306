import { SystemClock } from '../clock/system-clock.js';
import { loadConfig } from '../config.js';
import { openReplay } from '../exchanges/replay/replay-market-data.js';
import { SimulatedBroker } from '../exchanges/simulator/simulated-broker.js';
import { SyntheticMarketData } from '../exchanges/synthetic/synthetic-market-data.js';
import { createLogger } from '../log.js';
import type { Balance } from '../model/balance.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';
import { startFakeExchange, type FakeExchange } from './server.js';

export interface FakeExchangeCommandOptions {
  port: number;
  /** 'synthetic' or 'replay:PATH'. */
  market: string;
  apiKey?: string;
  apiSecret?: string;
}

export interface CommandIo {
  /** Where the banner goes (stderr by default: stdout is never used). */
  write?: (text: string) => void;
  /** Stops the exchange when aborted (SIGINT / SIGTERM by default). */
  signal?: AbortSignal;
  /** Called once the exchange listens. */
  onReady?: (exchange: FakeExchange) => void;
}

const PUMP_EVERY_MS = 250;

interface OpenedMarket {
  marketData: MarketData & { start(everyMs?: number): void; clock: Clock };
  description: string;
}

/**
 * Synthetic prices follow the wall clock; a replay runs on its own simulated clock (REPLAY_SPEED
 * times real time), which the simulated broker follows too. Signing and rate limits always use
 * the wall clock, so a client's timestamps stay valid either way.
 */
function openMarket(market: string, wallClock: Clock): OpenedMarket {
  const config = loadConfig(process.env);
  if (market === 'synthetic') {
    return {
      marketData: new SyntheticMarketData(wallClock, { seed: config.syntheticSeed }),
      description: `synthetic (seed ${config.syntheticSeed})`,
    };
  }
  if (market.startsWith('replay:') && market.length > 'replay:'.length) {
    const path = market.slice('replay:'.length);
    return {
      marketData: openReplay(path, { warmup: config.replayWarmup, speed: config.replaySpeed }),
      description: `replay of ${path} at ${config.replaySpeed}x`,
    };
  }
  throw new RangeError(
    `--market ${JSON.stringify(market)} is not valid: allowed synthetic or replay:PATH (a CSV file or a folder of them)`,
  );
}

function startingBalances(): Balance[] {
  return loadConfig(process.env).paperStartingBalances.map(({ asset, amount }) => ({
    asset,
    free: amount,
    locked: '0',
  }));
}

function banner(exchange: FakeExchange, market: string, balances: Balance[]): string {
  const account = balances.map((b) => `${b.free} ${b.asset}`).join(', ');
  const lines = [
    `binance-mcp fake-exchange: a local fake of the Binance.US API on ${exchange.url} (${market} prices; account ${account}; no real money)`,
    'Point binance-mcp (or any Binance.US client) at it with:',
    `  BINANCE_BASE_URL=${exchange.url}`,
    `  BINANCE_STREAM_URL=${exchange.wsUrl}`,
  ];
  if (exchange.generatedKeys) {
    lines.push(
      `  BINANCE_API_KEY=${exchange.apiKey}`,
      `  BINANCE_API_SECRET=${exchange.apiSecret}`,
      '  (a key pair made up for this run: it works only on this fake)',
    );
  } else {
    lines.push('  and the API key pair you gave (--api-key/--api-secret or BINANCE_API_KEY/BINANCE_API_SECRET)');
  }
  lines.push(`Faults and counters: ${exchange.url}/__fake`, 'Stop with Ctrl+C.');
  return `${lines.join('\n')}\n`;
}

/** `binance-mcp fake-exchange`: runs the fake until SIGINT/SIGTERM (or `io.signal`), printing how to use it on stderr. */
export async function runFakeExchangeCommand(opts: FakeExchangeCommandOptions, io: CommandIo = {}): Promise<void> {
  const write = io.write ?? ((text: string) => void process.stderr.write(text));
  const apiKey = opts.apiKey || undefined;
  const apiSecret = opts.apiSecret || undefined;
  if ((apiKey === undefined) !== (apiSecret === undefined)) {
    throw new RangeError(
      'give both the API key and the API secret (--api-key/--api-secret or BINANCE_API_KEY/BINANCE_API_SECRET), or neither to have a pair made up',
    );
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)
    throw new RangeError(`--port ${opts.port} is not valid: allowed a whole number from 0 to 65535`);

  const clock = new SystemClock();
  const { marketData, description } = openMarket(opts.market, clock);
  marketData.start(PUMP_EVERY_MS);
  const balances = startingBalances();
  const logger = createLogger();
  const broker = new SimulatedBroker({ marketData, clock: marketData.clock, balances, logger });
  let exchange: FakeExchange;
  try {
    exchange = await startFakeExchange({
      port: opts.port,
      host: '127.0.0.1',
      apiKey,
      apiSecret,
      clock,
      marketData,
      broker,
      logger,
    });
  } catch (error) {
    await broker.close();
    await marketData.close();
    throw error;
  }
  write(banner(exchange, description, balances));
  io.onReady?.(exchange);

  await new Promise<void>((resolve) => {
    if (io.signal) {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await exchange.close();
  await broker.close();
  await marketData.close();
  write('binance-mcp fake-exchange: stopped\n');
}
