/**
 * The event-driven backtest: the real SimulatedBroker and risk engine on a ManualClock that the loop
 * moves through the bars. Per bar: the clock goes to the bar's open (its first print is delivered;
 * orders decided at the previous close go out), then through the bar (in sub-steps while stops or
 * resting orders need the prints), then to its close, where the strategy sees the closed bar.
 */
import { SimulatedBroker } from '../exchanges/simulator/simulated-broker.js';
import type { Interval } from '../model/candle.js';
import { InvalidInput } from '../model/errors.js';
import { FIAT_USD, STABLECOINS, type Market } from '../model/market.js';
import { columnsFrom, emptyColumns, performanceMetrics } from '../metrics/index.js';
import type { RiskLimits } from '../risk/limits.js';
import { riskLimitsView } from '../risk/limits.js';
import type { StrategyDocument } from '../strategy/index.js';
import { intervalMs, loadBars, loadBarsFromTape, type BarSeries } from './bars.js';
import { InstantCachedMarketData } from './broker-market.js';
import type { RunContext, StrategyDriver } from './driver.js';
import { BacktestAborted, EquityMarker, walkBars } from './bar-walk.js';
import { BarLoop, type LoopPath } from './event-loop.js';
import { Execution } from './execution.js';
import { LastCloses } from './last-close.js';
import { GridDriver } from './grid-driver.js';
import type { BacktestMarket } from './market.js';
import { Positions } from './positions.js';
import { assumptionsOf, type BacktestResult } from './result.js';
import { RiskGate } from './risk-gate.js';
import { SignalDriver } from './signal-driver.js';
import { buyAndHoldOf, downsample, priceMarks } from './summary.js';

export interface BacktestRequest {
  strategy: StrategyDocument;
  hash: string;
  market: BacktestMarket;
  /** Bars opening at or after `from` and closing before `to` are traded (ms). */
  from: number;
  to: number;
  /** Starting balance in the symbols' quote asset (default 10000). */
  startingQuote?: string;
  riskLimits?: RiskLimits;
  /** Bars before `from` that only warm the indicators up (default: three times the longest period, 50..5000). */
  warmupBars?: number;
  /** Book levels a MARKET order may walk (default 50). */
  bookDepth?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** 'fast' (default) or 'reference': the same results; the reference path awaits every event as paper trading does (see event-loop.ts). */
  path?: LoopPath;
}

export { BacktestAborted } from './bar-walk.js';

export async function runBacktest(req: BacktestRequest): Promise<BacktestResult> {
  const started = performance.now();
  if (req.signal?.aborted) throw new BacktestAborted();
  const s = req.strategy;
  const path = req.path ?? 'fast';
  const len = intervalMs(s.interval as Interval);
  if (!(req.to > req.from))
    throw new InvalidInput(
      'to',
      `${new Date(req.to).toISOString()} is not after from ${new Date(req.from).toISOString()}`,
      'a range of at least one bar',
    );
  const { market, clock } = { market: req.market, clock: req.market.clock };
  const markets = new Map<string, Market>();
  for (const symbol of s.symbols) markets.set(symbol, await market.marketData.market(symbol));
  const quotes = new Set([...markets.values()].map((m) => m.quoteAsset));
  if (quotes.size > 1)
    throw new InvalidInput(
      'symbols',
      `the symbols are quoted in ${[...quotes].join(' and ')}`,
      'symbols sharing one quote asset',
    );
  const quote = [...quotes][0]!;
  if (quote !== FIAT_USD && !STABLECOINS.includes(quote))
    throw new InvalidInput(
      'symbols',
      `${quote} is not USD or a stablecoin`,
      'pairs quoted in USD or a stablecoin (the backtest values its quote at 1 USD)',
    );

  const warmup = req.warmupBars ?? defaultWarmup(s);
  const bars = new Map<string, BarSeries>();
  for (const symbol of s.symbols)
    bars.set(
      symbol,
      path === 'fast'
        ? loadBarsFromTape(market, symbol, s.interval as Interval, req.from - warmup * len, req.to)
        : await loadBars(market, symbol, s.interval as Interval, req.from - warmup * len, req.to),
    );
  const primary = bars.get(s.symbols[0]!)!;
  const firstTrading = primary.openTime.findIndex((t) => t >= req.from);
  if (firstTrading < 0)
    throw new InvalidInput(
      'from',
      `${market.source} has no closed ${s.interval} bars of ${s.symbols[0]} between ${iso(req.from)} and ${iso(req.to)}`,
      market.range
        ? `a range inside ${iso(market.range.from)} .. ${iso(market.range.to)}`
        : 'a range the market has data for',
    );

  const startingQuote = req.startingQuote ?? '10000';
  const bookDepth = req.bookDepth ?? 50;
  const cached = path === 'fast' ? new InstantCachedMarketData(market.marketData) : null;
  const brokerMarket = cached ?? market.marketData;
  const broker = new SimulatedBroker({
    marketData: brokerMarket,
    // The fast path hands the broker its books as integers (the same levels the reference path reads as text).
    ...(cached ? { unitBooks: cached, instantViews: cached } : {}),
    clock,
    balances: [{ asset: quote, free: startingQuote, locked: '0' }],
    bookDepth,
    idPrefix: 'bt',
  });
  const limits = req.riskLimits ?? {};
  const risk = new RiskGate(limits);
  const closeOfBase = new Map<string, string>([...markets].map(([symbol, m]) => [m.baseAsset, symbol]));
  const exec = new Execution(broker, risk, clock, markets, (asset) => {
    const symbol = closeOfBase.get(asset);
    const price = symbol === undefined ? undefined : lastClose.get(symbol);
    return price === undefined ? null : price;
  });
  const positions = new Positions();
  const lastClose = new LastCloses(s.symbols);
  const steps = new Map<string, number>([...markets].map(([k, m]) => [k, Number(m.filters.lotSize.stepSize)]));
  const marker = new EquityMarker(exec, quote, markets, s.symbols, lastClose);
  const equity = (): number => marker.value();
  const ctx: RunContext = {
    exec,
    positions,
    markets,
    bars,
    steps,
    now: () => clock.now(),
    equity,
    // The fast path reads the price prices() would answer (the same text) without a promise.
    lastPrice: cached
      ? (symbol) => Number(market.marketData.lastPrice(symbol) ?? lastClose.get(symbol) ?? 0)
      : async (symbol) => Number((await brokerMarket.prices([symbol]))[0]?.price ?? lastClose.get(symbol) ?? 0),
  };
  const driver: StrategyDriver & { markStart?(): void } =
    s.type === 'grid' ? new GridDriver(s, ctx) : new SignalDriver(s, ctx);

  // Warm-up: indicators only, no clock, no orders.
  s.symbols.forEach((symbol, k) => {
    const series = bars.get(symbol)!;
    for (let i = 0; i < series.length && series.openTime[i]! < req.from; i++) {
      driver.warmUp(symbol, i);
      lastClose.set(k, series.close[i]!);
    }
  });
  driver.markStart?.();

  const total = primary.length - firstTrading;
  const at = barIndexes(s.symbols, bars, primary, firstTrading);
  const loop = new BarLoop({ path, market, broker, exec, driver, symbols: s.symbols, bars, barMs: len, lastClose, at });
  const start = Number(startingQuote);
  // Mark 0 is the start (the starting balance at the first open), mark k + 1 the close of tested bar k.
  const marks = emptyColumns(total + 1);
  marks.time[0] = primary.openTime[firstTrading]!;
  marks.equity[0] = start;
  clock.set(primary.openTime[firstTrading]! - 1);
  try {
    await walkBars({
      loop,
      marker,
      risk,
      positions,
      marks,
      opens: primary.openTime,
      first: firstTrading,
      total,
      len,
      onProgress: req.onProgress,
      signal: req.signal,
    });
  } finally {
    loop.close();
    await broker.close();
  }
  req.onProgress?.(total, total);
  const endTime = primary.openTime[primary.length - 1]! + len;
  positions.markAtEnd((symbol) => lastClose.get(symbol) ?? 0, endTime - 1);
  let feesPaid = 0;
  for (const t of positions.closed) feesPaid += t.fees;
  const curve = columnsFrom(marks, 1);
  const hold = buyAndHoldOf(bars, loop.firstOpen, start, curve);
  const metrics = performanceMetrics(marks, positions.closed, feesPaid);
  const fee = [...markets.values()][0]!.fees;
  const warnings: string[] = [];
  if (firstTrading < warmup)
    warnings.push(
      `only ${firstTrading} warm-up bars were available before ${iso(req.from)} (wanted ${warmup}): early signals may use unsettled indicators`,
    );
  if (positions.closed.length === 0) warnings.push('no trade was made in the range');
  if (exec.counts.rejected > 0)
    warnings.push(`${exec.counts.rejected} order(s) were refused by the venue rules (see orders.rejections)`);
  if (risk.deniedCount > 0)
    warnings.push(`${risk.deniedCount} order(s) were denied by the risk limits (see riskDenials)`);
  return {
    strategy: { name: s.name, type: s.type, hash: req.hash, document: s },
    market: market.source,
    symbols: [...s.symbols],
    interval: s.interval,
    range: {
      from: primary.openTime[firstTrading]!,
      to: endTime,
      fromIso: iso(primary.openTime[firstTrading]!),
      toIso: iso(endTime),
      bars: total,
      warmupBars: firstTrading,
    },
    startingBalance: { asset: quote, amount: startingQuote },
    metrics,
    buyAndHold: hold.summary,
    trades: positions.closed,
    orders: exec.counts,
    riskDenials: { count: risk.deniedCount, examples: risk.denials },
    equityCurve: downsample(curve, hold.curve, 2000),
    priceCurve: priceMarks(primary, firstTrading, 2000),
    assumptions: assumptionsOf({
      fees: `maker ${fee.maker}, taker ${fee.taker} (the market's published schedule)`,
      bookDepth,
      riskLimits: describeLimits(limits),
    }),
    warnings,
    elapsedMs: Math.round(performance.now() - started),
  };
}

function describeLimits(limits: RiskLimits): string {
  const v = riskLimitsView(limits);
  const set = Object.entries(v)
    .filter(([, x]) => x !== null && !(Array.isArray(x) && x.length === 0))
    .map(([k, x]) => `${k} ${Array.isArray(x) ? x.join(',') : x}`);
  return set.length ? set.join(', ') : 'no limits set';
}

export function defaultWarmup(s: StrategyDocument): number {
  if (s.type !== 'signal') return 0;
  let longest = 0;
  for (const spec of Object.values(s.indicators)) {
    for (const [key, value] of Object.entries(spec))
      if (key !== 'deviations' && typeof value === 'number') longest = Math.max(longest, value);
  }
  return Math.min(5000, Math.max(50, longest * 3));
}

/** For each tested bar k of the primary symbol and each symbol s, at[k * symbols + s] is s's bar opening then (-1 when none). */
function barIndexes(
  symbols: readonly string[],
  bars: ReadonlyMap<string, BarSeries>,
  primary: BarSeries,
  first: number,
): Int32Array {
  const n = symbols.length;
  const total = primary.length - first;
  const at = new Int32Array(total * n).fill(-1);
  symbols.forEach((symbol, s) => {
    const series = bars.get(symbol)!;
    if (series === primary) {
      for (let k = 0; k < total; k++) at[k * n + s] = first + k;
      return;
    }
    let j = 0;
    for (let k = 0; k < total; k++) {
      const open = primary.openTime[first + k]!;
      while (j < series.length && series.openTime[j]! < open) j++;
      if (j < series.length && series.openTime[j] === open) at[k * n + s] = j;
    }
  });
  return at;
}

const iso = (t: number): string => new Date(t).toISOString();
