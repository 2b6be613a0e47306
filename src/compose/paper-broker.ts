import type { Config } from '../config.js';
import { SimulatedBroker } from '../exchanges/simulator/simulated-broker.js';
import { ReservedIds } from '../exchanges/simulator/venue-ids.js';
import type { Logger } from '../log.js';
import type { Balance } from '../model/balance.js';
import type { Order } from '../model/order.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';
import type { IdSequence } from '../ports/id-sequence.js';
import type { AuditLog } from '../ports/audit-log.js';
import { paperAccountStart } from './account-history.js';
import type { Store } from '../ports/store.js';
import { SEQUENCES } from '../store/index.js';
import { balancesFromFills, sameTotals } from './paper-balances.js';

export function startingBalances(config: Config): Balance[] {
  return config.paperStartingBalances.map((b) => ({ asset: b.asset, free: b.amount, locked: '0' }));
}

/**
 * The paper exchange, rebuilt from the journal: stored balances and open orders come back exactly;
 * an order whose answer was never journaled (the process died in between) died with the simulated
 * venue, so nothing was executed, and it is marked EXPIRED saying so.
 */
export async function openPaperBroker(
  config: Config,
  marketData: MarketData,
  store: Store & IdSequence,
  clock: Clock,
  logger: Logger,
): Promise<{ broker: SimulatedBroker; ledgerSince: number }> {
  const now = clock.now();
  let balances = await store.loadBalances('paper');
  if (balances === undefined) {
    balances = startingBalances(config);
    await store.saveBalances('paper', balances, now);
    await store.audit({
      mode: 'paper',
      time: now,
      actor: 'system',
      action: 'paper_account_opened',
      detail: { balances },
    });
  }
  const open = await store.listOrders({ mode: 'paper', openOnly: true, limit: 100_000 });
  for (const lost of open.filter((o) => o.status === 'PENDING' || o.status === 'UNKNOWN')) {
    await store.markOrder(
      'paper',
      lost.clientOrderId,
      'EXPIRED',
      'the process stopped before the paper exchange answered; nothing was executed',
      now,
    );
    logger.warn({ clientOrderId: lost.clientOrderId }, 'paper order without an answer marked EXPIRED');
  }
  const openOrders = open
    .filter(
      (o): o is typeof o & { orderId: string } =>
        o.orderId !== null && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'),
    )
    .map((o) => ({ ...o, status: o.status }) as Order);
  const lastReset = await paperAccountStart(store);
  const fromFills = await balancesFromFills(store, marketData, lastReset);
  if (fromFills && !sameTotals(fromFills, balances)) {
    logger.warn(
      { stored: balances, fromFills },
      'stored paper balances differ from the journaled fills (the process stopped between two journal writes): the venue is rebuilt from the fills',
    );
    balances = fromFills;
    await store.saveBalances('paper', balances, now);
  }
  const ids = new ReservedIds(store, { orderCounter: SEQUENCES.paperOrderId, tradeCounter: SEQUENCES.paperTradeId });
  const broker = new SimulatedBroker({
    marketData,
    clock,
    balances,
    logger,
    ids,
    fillModel: config.paperFillModel,
    // Trailing stops resume from their journaled extreme after a restart (trail-recorder.ts has the guarantee).
    recordTrails: (trails) => store.recordTrails('paper', trails),
  });
  await broker.restore({ balances, openOrders });
  return { broker, ledgerSince: lastReset?.time ?? 0 };
}

/**
 * `binance-mcp paper reset` may run while a server is up: before its next order or account view the
 * paper desk sees the journal's newer reset and applies it to the in-memory exchange and ledger.
 */
export function paperResetFollower(
  store: Pick<AuditLog, 'listAudit'>,
  broker: SimulatedBroker,
  knownResetTime: number,
  logger: Logger,
) {
  let seen = knownResetTime;
  return async (desk: { accounts: { restart(): Promise<void> } }): Promise<void> => {
    const newest = (await store.listAudit(50)).find((a) => a.mode === 'paper' && a.action === 'paper_reset');
    if (!newest || newest.time <= seen) return;
    seen = newest.time;
    const balances = (newest.detail as { balances?: Balance[] } | undefined)?.balances;
    if (!balances) return;
    broker.reset(balances);
    await broker.idle();
    await desk.accounts.restart();
    logger.info({ balances }, 'paper account reset by the operator applied');
  };
}
