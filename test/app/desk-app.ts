/**
 * The real paper desk (synthetic market on a manual clock, simulated broker, SQLite journal) behind
 * the App the interfaces take, so MCP tools and REST routes can be driven while the test moves time.
 */
import type { App } from '../../src/app/app.js';
import { ModeSwitches } from '../../src/app/mode-switches.js';
import { accountHistory } from '../../src/compose/account-history.js';
import { ContextService } from '../../src/app/context-service.js';
import { PerformanceService } from '../../src/app/performance-service.js';
import { paperAccountStart } from '../../src/compose/account-start.js';
import { ConsentKeeper } from '../../src/app/live-consent.js';
import { MemoryBacktestJournal } from '../../src/backtest/memory-journal.js';
import { BacktestService } from '../../src/backtest/service.js';
import { StrategyRuns } from '../../src/app/strategy-runs.js';
import type { StrategyRunJournal } from '../../src/ports/strategy-run-journal.js';
import { MemoryStrategyRunJournal } from '../../src/strategy/run/memory-run-journal.js';
import { silentLogger } from '../../src/log.js';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import type { IdSequence } from '../../src/ports/id-sequence.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import type { Store } from '../../src/ports/store.js';
import type { RiskLimits } from '../../src/risk/limits.js';
import { connectInMemory, structured, textOf } from '../support/mcp-clients.js';
import { MemoryConsentJournal } from '../support/memory-consent-journal.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface DeskApp {
  h: PaperDeskHarness;
  app: App;
  /** Calls an MCP tool through a real client; throws when the result is an error. */
  call(tool: string, args: Json): Promise<Json>;
  /** Calls an MCP tool through a real client; answers the result as it is (isError included). */
  callRaw(tool: string, args: Json): Promise<{ isError: boolean; text: string; data: Json | undefined }>;
  close(): Promise<void>;
}

export async function deskApp(
  options: {
    limits?: RiskLimits;
    balances?: string;
    store?: Store & IdSequence & OrderListJournal;
    runJournal?: StrategyRunJournal;
    notify?: ConstructorParameters<typeof StrategyRuns>[0]['notify'];
  } = {},
): Promise<DeskApp> {
  const h = await paperDesk(options);
  const market = new ContextService(h.marketData, h.desk.broker);
  const consent = new ConsentKeeper({ journal: new MemoryConsentJournal(), clock: h.clock, logger: silentLogger() });
  const app: App = {
    version: '0.0.0-test',
    startedAt: h.clock.now(),
    clock: h.clock,
    logger: silentLogger(),
    history: accountHistory(h.store),
    modeSwitches: new ModeSwitches(h.store, h.clock),
    market,
    desks: { paper: h.desk.trading },
    live: {
      available: false,
      requiresConfirmation: true,
      confirmation: undefined,
      consent,
      reason: 'the operator configured paper trading only (TRADING_MODE=paper)',
    },
    operator: { resetBreaker: (mode) => h.desk.risk.reset(`operator:${mode}`), resetPaperAccount: async () => {} },
    backtests: new BacktestService(new MemoryBacktestJournal(), { riskLimits: options.limits ?? {}, clock: h.clock }),
    strategyRuns: new StrategyRuns({
      desks: { paper: h.desk.trading },
      market,
      trades: h.marketData,
      clock: h.clock,
      journal: options.runJournal ?? new MemoryStrategyRunJournal(),
      live: { requiresConfirmation: true, consent },
      logger: silentLogger(),
      notify: options.notify,
    }),
    performance: {
      paper: new PerformanceService({
        mode: 'paper',
        journal: h.store,
        market,
        desk: h.desk.trading,
        clock: h.clock,
        accountStart: paperAccountStart(h.store),
      }),
    },
    snapshotContext: async () => {},
    close: async () => {},
  };
  const client = await connectInMemory(createMcpServerFactory(app), { era: 'modern' });
  const callRaw = async (tool: string, args: Json) => {
    const result = await client.callTool({ name: tool, arguments: args });
    return {
      isError: result.isError === true,
      text: textOf(result),
      data: result.structuredContent as Json | undefined,
    };
  };
  return {
    h,
    app,
    callRaw,
    async call(tool, args) {
      const result = await client.callTool({ name: tool, arguments: args });
      if (result.isError) throw new Error(`${tool} failed: ${textOf(result)}`);
      return structured<Json>(result);
    },
    async close() {
      await app.strategyRuns.close();
      await client.close();
      await h.close();
    },
  };
}
