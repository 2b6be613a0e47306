/**
 * Strategies running forward: start, stop, status, and resuming at start-up. Each run is driven
 * by one process at a time (a claim with a heartbeat in strategy_runs); on every closed bar of its
 * interval it decides, writes its pending orders down, sends them on the account's desk (the one
 * road: risk checks, journal) and saves the bar as processed. Between closes, every tick looks at
 * the market's prints for crossed stops (ForwardRun.look), whose exits take the same road. A live run exists only for a session
 * already live by the consent rules (live-consent.ts) and keeps its licence checked on every bar.
 */
import { randomBytes } from 'node:crypto';
import { defaultWarmup } from '../backtest/runner.js';
import { resolveStrategy, type StrategyRef } from '../backtest/service.js';
import type { Logger } from '../log.js';
import { INTERVAL_MS, intervalStart, type Interval } from '../model/candle.js';
import { InvalidInput } from '../model/errors.js';
import type { Market } from '../model/market.js';
import type { NotifyEvent } from '../model/notify-event.js';
import { messageFor } from '../notify/events.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData, Unsubscribe } from '../ports/market-data.js';
import type { StrategyRunJournal, StrategyRunRecord } from '../ports/strategy-run-journal.js';
import { runView, type RunView } from './strategy-run-view.js';
import { parseStrategy, type StrategyDocument } from '../strategy/index.js';
import { ForwardRun, RunMustStop, toBar } from '../strategy/run/forward-run.js';
import { GridRun, type GridRunDeps } from '../strategy/run/grid-run.js';
import { emptyRunState, type RunState } from '../strategy/run/run-state.js';
import type { MarketContext, TradingDesk } from './api.js';
import type { LiveConsent } from './live-consent.js';

/** How a live run was allowed: the operator's grant, a session confirmed live, or confirmation waived by the operator. */
export type LiveLicense = { kind: 'grant'; id: number } | { kind: 'session' } | { kind: 'waived' };

export interface StrategyRunsDeps {
  desks: { paper: TradingDesk; live?: TradingDesk | undefined };
  market: Pick<MarketContext, 'candles' | 'market'>;
  /** The market's trades, on which stops are watched between closes. */
  trades: Pick<MarketData, 'subscribeTrades'>;
  clock: Clock;
  journal: StrategyRunJournal;
  /** The operator's live rules (App.live): confirmation required, and the grants. */
  live: { requiresConfirmation: boolean; consent: LiveConsent };
  logger: Logger;
  notify?: ((event: NotifyEvent) => void) | undefined;
  /** This process's name in the claims (random by default). */
  driver?: string | undefined;
  /** A run whose driver said nothing for this long is taken over (default 60 s). */
  staleMs?: number | undefined;
}

export interface StartRunInput {
  strategy: StrategyRef;
  mode: TradingMode;
  origin: string;
  /** Required for live: what let this caller trade live. */
  license?: LiveLicense | undefined;
}

interface Active {
  record: StrategyRunRecord;
  run: Run;
  barMs: number;
  /** Bars close at these times: nothing to do before the next one. */
  nextDue: number;
  beatAt: number;
  savedAt: number;
  unwatch: Unsubscribe;
}

/** Bars are read this long after they close, so the venue has finished them. */
const CLOSE_LAG_MS = 1_000;
/** A run's driver renews its claim this often while it runs. */
const HEARTBEAT_MS = 10_000;
/** No bar yet after its close: look again this much later. */
const RETRY_MS = 5_000;
const MAX_BARS_PER_TICK = 1_000;

export class StrategyRuns {
  private readonly active = new Map<string, Active>();
  /** Runs interrupted by a passing failure, rebuilt from the journal when due. */
  private readonly retries = new Map<string, { at: number; attempt: number }>();
  private readonly driver: string;
  private readonly staleMs: number;
  private ticking: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: StrategyRunsDeps) {
    this.driver = deps.driver ?? `p${process.pid}-${randomBytes(4).toString('hex')}`;
    this.staleMs = deps.staleMs ?? 60_000;
  }

  async start(input: StartRunInput): Promise<RunView> {
    const { strategy, hash } = resolveStrategy(input.strategy);
    const signal = forwardable(strategy);
    // The strategy as a run (signal or grid).
    const desk = this.deskOf(input.mode);
    if (input.mode === 'live' && !input.license)
      throw new InvalidInput('mode', 'live without a licence', 'a session already live by the consent rules');
    const markets = await this.marketsOf(signal);
    const now = this.deps.clock.now();
    const barMs = INTERVAL_MS[signal.interval as Exclude<Interval, '1M'>];
    const record: StrategyRunRecord = {
      id: randomBytes(4).toString('hex'),
      mode: input.mode,
      name: signal.name,
      hash,
      document: signal,
      symbols: [...signal.symbols],
      interval: signal.interval,
      status: 'running',
      license: input.mode === 'live' ? licenceText(input.license!) : null,
      origin: input.origin,
      startedAt: now,
      stoppedAt: null,
      stopReason: null,
      // The bar closed last before the start only warms the indicators; the one open now is the first traded.
      lastBar: intervalStart(signal.interval as Interval, now) - barMs,
      state: emptyRunState(),
      driver: this.driver,
      heartbeatAt: now,
    };
    const run = runOf(signal, this.runDeps(record, desk, markets, barMs), record.state as RunState);
    await this.warmUp(run, record, barMs);
    await this.deps.journal.create(record);
    this.activate(record, run, barMs);
    this.emit(record, 'strategy_started', `${record.name} on ${record.symbols.join(',')} ${record.interval}`);
    this.deps.logger.info({ run: record.id, mode: record.mode, hash }, 'strategy run started');
    return this.view(record);
  }

  async stop(id: string, reason: string): Promise<RunView> {
    const record = await this.deps.journal.get(id);
    if (!record) throw new InvalidInput('run_id', `no strategy run ${id}`, 'an id from strategy_status');
    if (record.status === 'running') await this.finish(record, reason);
    return this.view((await this.deps.journal.get(id))!);
  }

  async status(options: { id?: string | undefined; limit?: number | undefined } = {}): Promise<RunView[]> {
    if (options.id) {
      const record = await this.deps.journal.get(options.id);
      if (!record) throw new InvalidInput('run_id', `no strategy run ${options.id}`, 'an id from strategy_status');
      return [this.view(this.active.get(record.id)?.record ?? record)];
    }
    const rows = await this.deps.journal.list({ limit: options.limit ?? 20 });
    return rows.map((r) => this.view(this.active.get(r.id)?.record ?? r));
  }

  /** At start-up: every running run this process can take is resumed from its last processed bar. */
  async resumeAll(): Promise<{ resumed: string[]; stopped: string[] }> {
    const resumed: string[] = [];
    const stopped: string[] = [];
    for (const record of await this.deps.journal.list({ status: 'running', limit: 1000 })) {
      if (this.active.has(record.id)) continue;
      const now = this.deps.clock.now();
      if (!(await this.deps.journal.claim(record.id, this.driver, now, now - this.staleMs))) continue;
      const outcome = await this.restore(record, true);
      if (outcome === 'resumed') resumed.push(record.id);
      if (outcome === 'stopped') stopped.push(record.id);
    }
    return { resumed, stopped };
  }

  /**
   * Rebuilds a run from its journaled state (indicators warmed up to its last processed bar). A
   * run that cannot go on is stopped saying why; a passing failure (the market unreachable) leaves
   * it running, to be tried again.
   */
  private async restore(record: StrategyRunRecord, afterRestart: boolean): Promise<'resumed' | 'stopped' | 'later'> {
    try {
      const refusal = await this.licenceRefusal(record, afterRestart);
      if (refusal) throw new RunMustStop(refusal);
      let signal: StrategyDocument;
      try {
        signal = forwardable(parseStrategy(record.document).strategy);
      } catch (error) {
        throw new RunMustStop((error as Error).message);
      }
      const desk = this.deskOf(record.mode);
      const barMs = INTERVAL_MS[signal.interval as Exclude<Interval, '1M'>];
      const run = runOf(
        signal,
        this.runDeps(record, desk, await this.marketsOf(signal), barMs),
        record.state as RunState,
      );
      await this.warmUp(run, record, barMs);
      this.retries.delete(record.id);
      this.activate(record, run, barMs);
      this.deps.logger.info({ run: record.id, lastBar: record.lastBar }, 'strategy run resumed');
      return 'resumed';
    } catch (error) {
      if (error instanceof RunMustStop || error instanceof InvalidInput) {
        await this.finish(record, `not resumed: ${error.message}`);
        return 'stopped';
      }
      this.retryLater(record.id, error);
      return 'later';
    }
  }

  private retryLater(id: string, error: unknown): void {
    const attempt = (this.retries.get(id)?.attempt ?? 0) + 1;
    const waitMs = Math.min(RETRY_MS * 2 ** (attempt - 1), 5 * 60_000);
    this.retries.set(id, { at: this.deps.clock.now() + waitMs, attempt });
    this.deps.logger.warn(
      { err: error, run: id, retryInMs: waitMs },
      'strategy run interrupted: will resume from its last saved bar',
    );
  }

  /** Processes every bar that has closed since each run's last one. Tests call it after moving the clock. */
  tick(): Promise<void> {
    this.ticking ??= this.processAll().finally(() => (this.ticking = null));
    return this.ticking;
  }

  /**
   * Checks for closed bars every `everyMs` of real time (unref'd); with `resume`, also takes over
   * runs whose driver went quiet (a killed process), once a minute.
   */
  startTimer(options: { everyMs?: number; resume?: boolean } = {}): void {
    if (this.timer) return;
    const everyMs = options.everyMs ?? 1_000;
    let sinceResume = 0;
    this.timer = setInterval(() => {
      sinceResume += everyMs;
      const resume = options.resume && sinceResume >= 60_000 ? this.resumeAll() : Promise.resolve();
      if (options.resume && sinceResume >= 60_000) sinceResume = 0;
      resume
        .then(() => this.tick())
        .catch((err: unknown) => this.deps.logger.error({ err }, 'strategy runs tick failed'));
    }, everyMs);
    this.timer.unref();
  }

  /** Stops driving (the runs stay running in the journal and resume at the next start). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    for (const id of [...this.active.keys()]) this.deactivate(id);
    this.retries.clear();
  }

  private async processAll(): Promise<void> {
    for (const [id, retry] of [...this.retries]) {
      if (this.deps.clock.now() < retry.at) continue;
      const record = await this.deps.journal.get(id);
      const now = this.deps.clock.now();
      if (!record || !(await this.deps.journal.claim(id, this.driver, now, now - this.staleMs))) {
        this.retries.delete(id);
        continue;
      }
      await this.restore(record, false);
    }
    for (const a of [...this.active.values()]) {
      const now = this.deps.clock.now();
      if (now - a.beatAt >= HEARTBEAT_MS) {
        a.beatAt = now;
        if (!(await this.deps.journal.claim(a.record.id, this.driver, now, now - this.staleMs))) {
          this.deactivate(a.record.id);
          continue;
        }
      }
      try {
        await this.watchStops(a);
        if (now >= a.nextDue + CLOSE_LAG_MS) await this.advance(a);
      } catch (error) {
        if (error instanceof RunMustStop) await this.finish(a.record, error.message);
        else if (this.active.has(a.record.id)) {
          // What was not saved is forgotten: the run is rebuilt from the journal (the write-ahead pending orders included).
          this.deactivate(a.record.id);
          this.retryLater(a.record.id, error);
        }
      }
    }
  }

  private activate(record: StrategyRunRecord, run: Run, barMs: number): void {
    const now = this.deps.clock.now();
    const unwatch = this.deps.trades.subscribeTrades(record.symbols, (t) => run.onPrint(t.symbol, Number(t.price)));
    run.startWatching(now);
    this.active.set(record.id, {
      record,
      run,
      barMs,
      nextDue: record.lastBar + 2 * barMs,
      beatAt: now,
      savedAt: now,
      unwatch,
    });
  }

  private deactivate(id: string): void {
    this.active.get(id)?.unwatch();
    this.active.delete(id);
  }

  /** Acts on the stops the prints since the last look crossed (or on such exits a restart left written down). */
  private async watchStops(a: Active): Promise<void> {
    const { record, run } = a;
    const state = run.state;
    if (state.pending.length > 0 && state.pendingBar !== null) return; // a bar's orders: advance sends them
    if (state.pending.length === 0) {
      const followed = await run.follow();
      const raised = run.look();
      const now = this.deps.clock.now();
      if (state.pending.length === 0) {
        // The trailing highs are saved now and then, so that a restart trails from close to where it was.
        if (followed || (raised && now - a.savedAt >= HEARTBEAT_MS)) {
          a.savedAt = now;
          await this.save(record, record.lastBar, state);
        }
        return;
      }
    }
    await this.sendPending(a);
  }

  private async sendPending(a: Active): Promise<void> {
    const { record, run } = a;
    const refusal = await this.licenceRefusal(record, false);
    if (refusal) throw new RunMustStop(refusal);
    await this.save(record, record.lastBar, run.state);
    await run.prepare();
    await this.save(record, record.lastBar, run.state);
    await run.execute();
    a.savedAt = this.deps.clock.now();
    await this.save(record, record.lastBar, run.state);
  }

  private async advance(a: Active): Promise<void> {
    const { record, run, barMs } = a;
    const refusal = await this.licenceRefusal(record, false);
    if (refusal) throw new RunMustStop(refusal);
    const now = this.deps.clock.now();
    const byTime = new Map<number, Map<string, ReturnType<typeof toBar>>>();
    for (const symbol of record.symbols) {
      const candles = await this.deps.market.candles(symbol, record.interval as Interval, {
        startTime: record.lastBar + barMs,
        limit: MAX_BARS_PER_TICK,
      });
      for (const c of candles) {
        if (c.closeTime >= now || c.openTime <= record.lastBar) continue;
        const at = byTime.get(c.openTime) ?? new Map();
        at.set(symbol, toBar(c));
        byTime.set(c.openTime, at);
      }
    }
    let stale = 0;
    // What rested on the venue through these bars is booked before they decide.
    if (byTime.size > 0) await run.follow();
    for (const time of [...byTime.keys()].sort((x, y) => x - y)) {
      const state = run.state;
      state.firstBar ??= time;
      // A bar that closed more than a bar ago (catching up after downtime) only feeds the indicators: no order on an old signal.
      const fresh = time + 2 * barMs + CLOSE_LAG_MS >= now || state.pendingBar === time;
      if (!fresh) stale += 1;
      run.decide(time, byTime.get(time)!, fresh);
      if (state.pending.length > 0) {
        await this.save(record, record.lastBar, state);
        await run.prepare();
        await this.save(record, record.lastBar, state);
        await run.execute();
      }
      await run.expire(time);
      record.lastBar = time;
      await this.save(record, time, state);
    }
    if (stale > 0)
      run.state.lastProblem = `caught up on ${stale} bar(s) that closed while not running: their signals were not traded`;
    a.nextDue = byTime.size > 0 ? record.lastBar + 2 * barMs : now - CLOSE_LAG_MS + RETRY_MS;
  }

  private async save(record: StrategyRunRecord, lastBar: number, state: RunState): Promise<void> {
    const ok = await this.deps.journal.save(record.id, this.driver, { lastBar, state, now: this.deps.clock.now() });
    if (!ok) {
      this.deactivate(record.id);
      throw new Error(`run ${record.id} is driven by another process now`);
    }
  }

  private async finish(record: StrategyRunRecord, reason: string): Promise<void> {
    const state = (this.active.get(record.id)?.run.state ?? record.state) as RunState;
    this.deactivate(record.id);
    this.retries.delete(record.id);
    await this.deps.journal.stop(record.id, reason, this.deps.clock.now());
    record.status = 'stopped';
    record.stopReason = reason;
    await this.cancelEntries(record, state);
    this.emit(record, 'strategy_stopped', `${record.name}: ${reason}`);
    this.deps.logger.warn({ run: record.id, reason }, 'strategy run stopped');
  }

  /**
   * A stopped run's resting limit entries are canceled (nothing would follow the positions they
   * open); its lots stay in the account with their resting take-profits.
   */
  private async cancelEntries(record: StrategyRunRecord, state: RunState): Promise<void> {
    for (const r of state.resting ?? []) {
      if (r.kind !== 'entry' && r.kind !== 'grid-buy') continue;
      try {
        const outcome = await this.deskOf(record.mode).cancelOrder({
          symbol: r.symbol,
          clientOrderId: r.clientOrderId,
          origin: `strategy:${record.id}`,
        });
        if (outcome.status === 'canceled') continue;
        this.deps.logger.info(
          { run: record.id, order: r.clientOrderId, outcome: outcome.status },
          'limit entry not canceled',
        );
      } catch (err) {
        this.deps.logger.warn(
          { err, run: record.id, order: r.clientOrderId },
          "could not cancel a stopped run's limit entry",
        );
      }
    }
  }

  /** Null while the run may trade in its mode; else why not. */
  private async licenceRefusal(record: StrategyRunRecord, afterRestart: boolean): Promise<string | null> {
    if (record.mode !== 'live') return null;
    if (!this.deps.desks.live) return 'live trading is not configured in this process';
    const licence = record.license ?? '';
    if (licence === 'waived')
      return this.deps.live.requiresConfirmation ? 'live trading now needs a confirmation' : null;
    const grant = /^grant:(\d+)$/.exec(licence);
    if (grant)
      return (await this.deps.live.consent.grantRuns(Number(grant[1])))
        ? null
        : `the operator grant ${grant[1]} it ran on has ended`;
    // A confirmation given to a session lives in that process's memory, as every confirmation does.
    return afterRestart
      ? 'a live session confirmation does not outlive its process: start the run again from a live session'
      : null;
  }

  private deskOf(mode: TradingMode): TradingDesk {
    const desk = this.deps.desks[mode];
    if (!desk) throw new InvalidInput('mode', `there is no ${mode} account here`, 'paper');
    return desk;
  }

  private async marketsOf(s: StrategyDocument): Promise<Map<string, Market>> {
    const markets = new Map<string, Market>();
    for (const symbol of s.symbols) markets.set(symbol, await this.deps.market.market(symbol));
    return markets;
  }

  private runDeps(
    record: StrategyRunRecord,
    desk: TradingDesk,
    markets: Map<string, Market>,
    barMs: number,
  ): GridRunDeps {
    const { clock, market } = this.deps;
    const interval = record.interval as Interval;
    return {
      road: desk,
      markets,
      actionPrefix: `sr${record.id}`,
      barMs,
      origin: `strategy:${record.id}`,
      now: () => clock.now(),
      barOpen: async (symbol, time) => {
        const [bar] = await market.candles(symbol, interval, { startTime: time, limit: 1 });
        return bar?.openTime === time ? Number(bar.open) : null;
      },
    };
  }

  /** Feeds the closed bars up to the last processed one to the indicators, and restarts `every`'s count where it was. */
  private async warmUp(run: Run, record: StrategyRunRecord, barMs: number): Promise<void> {
    const warm = defaultWarmup(run.doc);
    const state = record.state as RunState;
    for (const symbol of record.symbols) {
      const from = record.lastBar - warm * barMs;
      const bars = [];
      for (let t = from; t <= record.lastBar;) {
        const page = await this.deps.market.candles(symbol, record.interval as Interval, {
          startTime: t,
          endTime: record.lastBar + barMs - 1,
          limit: 1000,
        });
        const closed = page.filter((c) => c.openTime >= t && c.openTime <= record.lastBar);
        bars.push(...closed);
        if (page.length < 1000 || closed.length === 0) break;
        t = closed[closed.length - 1]!.openTime + barMs;
      }
      const traded = state.firstBar === null ? 0 : bars.filter((c) => c.openTime >= state.firstBar!).length;
      // Resumed after more bars than the window holds, `every` restarts its count at the window's start.
      const markAt = Math.max(0, bars.length - traded);
      bars.forEach((c, i) => {
        if (i === markAt) run.markStart(symbol);
        run.warmUp(symbol, toBar(c));
      });
      if (markAt >= bars.length) run.markStart(symbol);
    }
  }

  private emit(record: StrategyRunRecord, kind: 'strategy_started' | 'strategy_stopped', body: string): void {
    const time = this.deps.clock.now();
    this.deps.notify?.({
      key: `${kind}:${record.id}`,
      kind,
      mode: record.mode,
      time,
      text: messageFor(kind, record.mode, body),
      details: { run: record.id, hash: record.hash, symbols: record.symbols, interval: record.interval },
    });
  }

  private view(r: StrategyRunRecord): RunView {
    return runView(r, this.active.get(r.id)?.run.state);
  }
}

function licenceText(l: LiveLicense): string {
  return l.kind === 'grant' ? `grant:${l.id}` : l.kind;
}

/** A run of either kind of strategy: the same lifecycle (decide at closes, look between them, follow resting orders). */
type Run = ForwardRun | GridRun;

function runOf(s: StrategyDocument, deps: GridRunDeps, state: RunState): Run {
  return s.type === 'grid' ? new GridRun(s, deps, state) : new ForwardRun(s, deps, state);
}

/** What forward runs cannot run is refused by name. */
function forwardable(s: ReturnType<typeof parseStrategy>['strategy']): StrategyDocument {
  if (s.interval === '1M')
    throw new InvalidInput('strategy.interval', 'calendar months have no fixed length', 'any interval from 1m to 1w');
  return s;
}
