/**
 * Market data replayed from candle files (source `replay:PATH`). The clock starts with `warmup`
 * candles (default 500, or all of the data when there is less) behind it and, by default, runs at
 * `speed` (default 60) times real time. At the end of the data the prices stop and status() says so.
 */
import { resolve } from 'node:path';
import { ScaledClock } from '../../clock/scaled-clock.js';
import type { Clock } from '../../ports/clock.js';
import type { MarketDataStatus } from '../../ports/market-data.js';
import { TapeMarketData, type TapeListing } from '../synthetic/tape-market-data.js';
import { loadReplayFiles } from './replay-files.js';
import { replayListing } from './replay-markets.js';
import type { ReplayTape } from './replay-tape.js';

export const DEFAULT_REPLAY_WARMUP = 500;
export const DEFAULT_REPLAY_SPEED = 60;

export interface ReplayOptions {
  warmup?: number;
  speed?: number;
  /** Builds the clock from the simulated start time; a ScaledClock at `speed` by default. */
  clock?: (startTime: number) => Clock;
  /** For a single file whose name does not say its symbol. */
  symbol?: string;
  onListenerError?: (error: unknown) => void;
}

export class ReplayMarketData extends TapeMarketData {
  readonly source: string;
  /** Simulated time the replay started at. */
  readonly startTime: number;
  /** When the last candle of the data closes. */
  readonly endTime: number;
  /** Files in the folder that were not used, and why. */
  readonly skipped: readonly string[];

  constructor(
    path: string,
    listings: ReadonlyMap<string, TapeListing>,
    startTime: number,
    clock: Clock,
    skipped: readonly string[],
    onListenerError?: (error: unknown) => void,
  ) {
    super(listings, clock, onListenerError);
    this.source = `replay:${path}`;
    this.startTime = startTime;
    this.endTime = Math.max(...[...listings.values()].map((l) => l.tape.endTime));
    this.skipped = skipped;
  }

  status(): MarketDataStatus {
    const now = this.clock.now();
    const symbols = [...this.listings.keys()].join(', ');
    if (now > this.endTime) {
      return {
        state: 'ended',
        message: `replay ended: the data (${symbols}) stops at ${new Date(this.endTime + 1).toISOString()}; prices no longer move`,
      };
    }
    return {
      state: 'open',
      message: `replaying ${symbols} from ${this.source.slice('replay:'.length)}; simulated time ${new Date(now).toISOString()}, data until ${new Date(this.endTime + 1).toISOString()}`,
    };
  }
}

/** When the clock starts: the latest of each series' warmup point (after `warmup` whole candles, or after all of them). */
export function replayStartTime(tapes: readonly ReplayTape[], warmup: number): number {
  return Math.max(...tapes.map((tape) => (warmup < tape.candleCount ? tape.openTimeAt(warmup) : tape.endTime + 1)));
}

/** Open a CSV file or a folder of them for replay. */
export function openReplay(path: string, options: ReplayOptions = {}): ReplayMarketData {
  const warmup = options.warmup ?? DEFAULT_REPLAY_WARMUP;
  const speed = options.speed ?? DEFAULT_REPLAY_SPEED;
  if (!Number.isInteger(warmup) || warmup < 0)
    throw new RangeError(`replay warmup must be a whole number of candles >= 0, got ${warmup}`);
  const absolute = resolve(path);
  const loaded = loadReplayFiles(absolute, options.symbol);
  const listings = new Map<string, TapeListing>();
  for (const { symbol, series } of loaded.series) listings.set(symbol, replayListing(symbol, series));
  const start = replayStartTime(
    [...listings.values()].map((l) => l.tape as ReplayTape),
    warmup,
  );
  const clock = options.clock ? options.clock(start) : new ScaledClock({ start, speed });
  return new ReplayMarketData(path, listings, start, clock, loaded.skipped, options.onListenerError);
}
