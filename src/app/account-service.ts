import type { Balance } from '../model/balance.js';
import type { Fill } from '../model/fill.js';
import { isStopOrderType } from '../model/filters.js';
import { Big, type Decimal, str } from '../model/money.js';
import { buildAccountState } from '../ledger/account-state.js';
import { AverageCostLedger } from '../ledger/average-cost-ledger.js';
import { MapPriceBook, usdPriceOf } from '../ledger/usd-valuation.js';
import { openOrderFlow, type ExposureView, type Flow } from '../risk/exposure.js';
import { utcDay } from '../risk/utc-day.js';
import type { Broker } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { OrderHistory } from '../ports/order-journal.js';
import type { RiskJournal } from '../ports/risk-journal.js';
import type { AccountState } from './api.js';

/** How long a snapshot of every symbol's last price is reused, on the injected clock. */
const PRICE_SNAPSHOT_MS = 1_000;

/**
 * One account's balances, positions and value. Positions come from an average-cost ledger replayed
 * from the journal's fills (since the account was opened or last reset) and kept current as fills
 * are journaled; balances come from the venue, which is the truth for quantities.
 */
export class AccountService {
  private ledger = new AverageCostLedger();
  private prices: { at: number; book: MapPriceBook } | undefined;
  private pricesLoading: Promise<MapPriceBook> | undefined;
  private baseAssets = new Map<string, { baseAsset: string; quoteAsset: string }>();

  constructor(
    private readonly mode: TradingMode,
    private readonly broker: Broker,
    private readonly store: Pick<OrderHistory, 'listFills'> & Pick<RiskJournal, 'getDailyPnl'>,
    private readonly marketData: MarketData,
    private readonly clock: Clock,
  ) {}

  /** Replays the journal's fills since `since` into the ledger, then aligns it with the venue's balances. */
  async load(since: number): Promise<void> {
    await this.loadMarkets();
    const prices = await this.priceBook();
    const fills = await this.store.listFills({ mode: this.mode, since, limit: 1_000_000 });
    for (const fill of fills) this.apply(fill, prices);
    this.ledger.reconcile(await this.totals(), prices);
  }

  /** After an operator's paper reset: positions start again from the new balances. */
  async restart(): Promise<void> {
    this.ledger = new AverageCostLedger();
    this.ledger.reconcile(await this.totals(), await this.priceBook());
  }

  /** Called by the trading service for each journaled fill. */
  async recordFills(fills: readonly Fill[]): Promise<void> {
    if (fills.length === 0) return;
    const prices = await this.priceBook();
    for (const fill of fills) this.apply(fill, prices);
  }

  async account(): Promise<AccountState> {
    const [balances, prices] = await Promise.all([this.broker.balances(), this.priceBook()]);
    this.ledger.reconcile(
      balances.map((b) => ({ asset: b.asset, total: str(new Big(b.free).plus(b.locked)) })),
      prices,
    );
    const day = await this.store.getDailyPnl(this.mode, utcDay(this.clock.now()));
    return buildAccountState({
      mode: this.mode,
      balances,
      holdings: this.ledger.holdings(),
      prices,
      dayStartEquityUsd: day?.startEquity ?? null,
    });
  }

  /** Portfolio value in USD: every balance at its USD price (assets with no route to USD add nothing). */
  async equityUsd(): Promise<Decimal> {
    const [balances, prices] = await Promise.all([this.broker.balances(), this.priceBook()]);
    let total = new Big(0);
    for (const b of balances) {
      const price = usdPriceOf(b.asset, prices).priceUsd;
      if (price !== null) total = total.plus(new Big(b.free).plus(b.locked).times(price));
    }
    return str(total);
  }

  async usdPrice(asset: string): Promise<Decimal> {
    return usdPriceOf(asset, await this.priceBook()).priceUsd ?? '0';
  }

  async heldQuantity(asset: string): Promise<Decimal> {
    const balance = (await this.broker.balances()).find((b) => b.asset === asset);
    return balance ? str(new Big(balance.free).plus(balance.locked)) : '0';
  }

  /** The account's open orders on `symbol` and, of those, its stop orders (for MAX_NUM_ORDERS / MAX_NUM_ALGO_ORDERS). */
  async openOrderCounts(symbol: string): Promise<{ openOrders: number; openAlgoOrders: number }> {
    const open = await this.broker.openOrders(symbol);
    return { openOrders: open.length, openAlgoOrders: open.filter((o) => isStopOrderType(o.type)).length };
  }

  /**
   * The account as the risk checks measure exposure (risk/exposure.ts): every balance's total, the
   * unfilled part of every open order (except `excluding`, a client order id) and USD prices.
   */
  async exposureView(excluding?: string): Promise<ExposureView> {
    const [balances, open, prices] = await Promise.all([
      this.broker.balances(),
      this.broker.openOrders(),
      this.priceBook(),
    ]);
    const holdings = new Map(balances.map((b) => [b.asset, str(new Big(b.free).plus(b.locked))] as [string, Decimal]));
    const flows: Flow[] = [];
    for (const order of open) {
      if (order.clientOrderId === excluding) continue;
      const market = this.baseAssets.get(order.symbol) ?? (await this.loadMarkets()).get(order.symbol);
      if (!market) continue;
      const flow = openOrderFlow(order, market, prices.lastPrice(order.symbol));
      if (new Big(flow.inQty).gt(0)) flows.push(flow);
    }
    return { holdings, open: flows, priceUsd: (asset) => usdPriceOf(asset, prices).priceUsd };
  }

  private apply(fill: Fill, prices: MapPriceBook): void {
    const market = this.baseAssets.get(fill.symbol);
    if (market) this.ledger.applyFill(fill, market, prices);
  }

  private async totals(): Promise<{ asset: string; total: Decimal }[]> {
    const balances: Balance[] = await this.broker.balances();
    return balances.map((b) => ({ asset: b.asset, total: str(new Big(b.free).plus(b.locked)) }));
  }

  private async loadMarkets() {
    const markets = await this.marketData.markets();
    this.baseAssets = new Map(markets.map((m) => [m.symbol, { baseAsset: m.baseAsset, quoteAsset: m.quoteAsset }]));
    return this.baseAssets;
  }

  private async priceBook(): Promise<MapPriceBook> {
    const now = this.clock.now();
    if (this.prices && now - this.prices.at < PRICE_SNAPSHOT_MS && now >= this.prices.at) return this.prices.book;
    this.pricesLoading ??= this.marketData
      .prices()
      .then((ticks) => {
        const book = new MapPriceBook(ticks.map((t) => [t.symbol, t.price] as [string, Decimal]));
        this.prices = { at: now, book };
        return book;
      })
      .finally(() => {
        this.pricesLoading = undefined;
      });
    return this.pricesLoading;
  }
}
