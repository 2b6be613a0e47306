/**
 * A seeded random order flow through a live TradingDesk: market buys and sells, resting limits
 * (inside the spread and a little away), LIMIT_MAKER, IOC, stop-loss sells, OCO sells (a take-profit
 * and a stop on what is held), brackets (a MARKET or resting LIMIT buy, then an OCO per fill), cancels
 * of whatever the journal holds open (orders, OCOs, brackets), repeats of earlier action ids
 * (idempotent retries, lists included), and large prints on the venue that fill resting orders
 * behind the app's back (it learns of them from the user-data stream).
 */
import type { PlaceBracketInput, PlaceOcoInput, PlaceOrderInput, TradingDesk } from '../../src/app/api.js';
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import { bracketEntryId, bracketOcoId, ocoLegIds } from '../../src/app/list-client-ids.js';
import type { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import type { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { Big, str, type Decimal } from '../../src/model/money.js';
import { MOST_OCOS_PER_BRACKET } from './journal-audit.js';

export const FLOW_SYMBOLS = ['BTCUSD', 'ETHUSD', 'SOLUSD'];
/** The tick of every FLOW_SYMBOLS market. */
const TICK = '0.01';

export class RandomOrderFlow {
  /** Client order id → symbol, for every order the flow ever asked for (an OCO's legs included). */
  readonly sent = new Map<string, string>();
  /** List client order id → symbol, for every OCO the flow ever asked for (a bracket's OCOs included). */
  readonly sentLists = new Map<string, string>();
  /** Bracket client id → symbol, for every bracket the flow ever asked for. */
  readonly sentBrackets = new Map<string, string>();
  readonly outcomes: Record<string, number> = {};
  /** Calls that threw (a read that failed past its retries, before anything was sent). */
  thrown = 0;
  repeats = 0;
  /** Repeats of an answered action id that were not answered as duplicates (must stay 0). */
  repeatsNotDuplicate = 0;
  /** Each of those: the action id, what the first call and the repeat answered. */
  readonly notDuplicates: string[] = [];
  private readonly firstAnswers = new Map<string, string>();
  /** Inputs whose first attempt returned an outcome: repeatable as idempotent retries. */
  private readonly answered: PlaceOrderInput[] = [];
  private readonly answeredOcos: PlaceOcoInput[] = [];
  private readonly answeredBrackets: PlaceBracketInput[] = [];
  private seq = 0;

  constructor(
    private readonly desk: TradingDesk,
    private readonly venue: {
      broker: SimulatedBroker;
      market: SyntheticMarketData;
      printTrade(symbol: string, price: Decimal, qty: Decimal): Promise<void>;
    },
    private readonly random: () => number,
    private readonly idPrefix: string,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** One random action; a call that throws is counted, not raised. */
  async step(): Promise<void> {
    try {
      await this.act();
    } catch {
      this.thrown += 1;
    }
  }

  private async act(): Promise<void> {
    const r = this.random();
    const symbol = this.pick(FLOW_SYMBOLS);
    const base = symbol.replace(/USD$/, '');
    if (r < 0.25)
      return this.place({
        symbol,
        side: 'BUY',
        orderType: 'MARKET',
        quoteQuantity: String(15 + Math.floor(this.random() * 45)),
      });
    if (r < 0.35) {
      const qty = new Big(await this.held(base)).times(0.5);
      if (qty.gt(0)) return this.place({ symbol, side: 'SELL', orderType: 'MARKET', quantity: str(qty) });
      return this.place({ symbol, side: 'BUY', orderType: 'MARKET', quoteQuantity: '25' });
    }
    if (r < 0.52) {
      // Half inside the spread (the next print on the bid fills it), half a little below the market.
      const p =
        this.random() < 0.5
          ? new Big((await this.top(symbol)).askPrice).minus(TICK)
          : new Big(await this.price(symbol)).times(1 - 0.00005 - this.random() * 0.0008);
      return this.place({
        symbol,
        side: 'BUY',
        orderType: 'LIMIT',
        price: str(p),
        quantity: str(new Big(20 + this.random() * 30).div(p)),
      });
    }
    if (r < 0.58) {
      const qty = new Big(await this.held(base)).times(0.4);
      const p =
        this.random() < 0.5
          ? new Big((await this.top(symbol)).bidPrice).plus(TICK)
          : new Big(await this.price(symbol)).times(1 + 0.00005 + this.random() * 0.0008);
      if (qty.times(p).gt(5))
        return this.place({ symbol, side: 'SELL', orderType: 'LIMIT', price: str(p), quantity: str(qty) });
      return this.place({
        symbol,
        side: 'BUY',
        orderType: 'LIMIT',
        price: str(p.times(0.99)),
        quantity: str(new Big(20).div(p)),
      });
    }
    if (r < 0.62) {
      const p = new Big(await this.price(symbol)).times(1 - 0.0005 - this.random() * 0.001);
      return this.place({
        symbol,
        side: 'BUY',
        orderType: 'LIMIT_MAKER',
        price: str(p),
        quantity: str(new Big(25).div(p)),
      });
    }
    if (r < 0.65) {
      const p = new Big(await this.price(symbol)).times(1.001);
      return this.place({
        symbol,
        side: 'BUY',
        orderType: 'LIMIT',
        timeInForce: 'IOC',
        price: str(p),
        quantity: str(new Big(30).div(p)),
      });
    }
    if (r < 0.67) {
      const qty = new Big(await this.held(base)).times(0.5);
      const last = new Big(await this.price(symbol));
      if (qty.times(last).gt(5))
        return this.place({
          symbol,
          side: 'SELL',
          orderType: 'STOP',
          stopPrice: str(last.times(0.9995)),
          price: str(last.times(0.998)),
          quantity: str(qty),
        });
      return this.place({ symbol, side: 'BUY', orderType: 'MARKET', quoteQuantity: '30' });
    }
    if (r < 0.74) {
      const qty = new Big(await this.held(base)).times(0.6);
      const last = new Big(await this.price(symbol));
      if (qty.times(last).gt(11)) {
        const stop = last.times(1 - 0.0004 - this.random() * 0.0008);
        // A third of them trail the price (TRAILING_DELTA in basis points).
        const trailing = this.random() < 0.33 ? 10 + Math.floor(this.random() * 30) : undefined;
        return this.placeOco({
          symbol,
          side: 'SELL',
          quantity: str(qty),
          price: str(last.times(1 + 0.0004 + this.random() * 0.0008)),
          stopPrice: str(stop),
          stopLimitPrice: str(stop.times(0.998)),
          ...(trailing !== undefined ? { trailingDelta: trailing } : {}),
        });
      }
      return this.place({ symbol, side: 'BUY', orderType: 'MARKET', quoteQuantity: '40' });
    }
    if (r < 0.8) {
      const last = new Big(await this.price(symbol));
      const resting = this.random() < 0.5;
      const entry = resting ? last.times(1 - 0.0001 - this.random() * 0.0004) : last;
      const stop = entry.times(1 - 0.0015 - this.random() * 0.001);
      return this.placeBracket({
        symbol,
        side: 'BUY',
        orderType: resting ? 'LIMIT' : 'MARKET',
        ...(resting ? { price: str(entry) } : {}),
        quantity: str(new Big(20 + this.random() * 30).div(last)),
        takeProfitPrice: str(entry.times(1 + 0.0015 + this.random() * 0.001)),
        stopPrice: str(stop),
        stopLimitPrice: str(stop.times(0.998)),
      });
    }
    if (r < 0.86) return this.random() < 0.35 ? this.cancelOneList() : this.cancelOne();
    if (r < 0.92) return this.tradeThrough(symbol);
    const which = this.random();
    return which < 0.2 ? this.repeatOneOco() : which < 0.35 ? this.repeatOneBracket() : this.repeatOne();
  }

  private async placeBracket(input: Omit<PlaceBracketInput, 'actionId' | 'origin'>): Promise<void> {
    const full: PlaceBracketInput = { ...input, actionId: `${this.idPrefix}-${(this.seq += 1)}`, origin: 'test' };
    const bracketId = clientOrderIdFor(full.actionId);
    this.sentBrackets.set(bracketId, input.symbol);
    this.sent.set(bracketEntryId(bracketId), input.symbol);
    // The OCOs it may place for its fills, and their legs.
    for (let n = 1; n <= MOST_OCOS_PER_BRACKET; n++) {
      const oco = bracketOcoId(bracketId, n);
      const legs = ocoLegIds(oco);
      this.sentLists.set(oco, input.symbol);
      this.sent.set(legs.limit, input.symbol).set(legs.stop, input.symbol);
    }
    const outcome = await this.desk.placeBracket(full);
    this.count(`bracket:${outcome.status}`);
    this.firstAnswers.set(full.actionId!, `${outcome.status} ${outcome.list?.status ?? ''} ${outcome.reason ?? ''}`);
    if (outcome.status !== 'invalid') this.answeredBrackets.push(full);
  }

  private async repeatOneBracket(): Promise<void> {
    if (this.answeredBrackets.length === 0) return this.repeatOne();
    this.repeats += 1;
    const input = this.pick(this.answeredBrackets);
    const outcome = await this.desk.placeBracket(input);
    if (!outcome.duplicate) this.notDuplicate(input.actionId!, outcome);
  }

  private async placeOco(input: Omit<PlaceOcoInput, 'actionId' | 'origin'>): Promise<void> {
    const full: PlaceOcoInput = { ...input, actionId: `${this.idPrefix}-${(this.seq += 1)}`, origin: 'test' };
    const listClientOrderId = clientOrderIdFor(full.actionId);
    this.sentLists.set(listClientOrderId, input.symbol);
    const legs = ocoLegIds(listClientOrderId);
    this.sent.set(legs.limit, input.symbol).set(legs.stop, input.symbol);
    const outcome = await this.desk.placeOco(full);
    this.count(`oco:${outcome.status}`);
    if (input.trailingDelta !== undefined) this.count(`oco-trailing:${outcome.status}`);
    this.firstAnswers.set(full.actionId!, `${outcome.status} ${outcome.list?.status ?? ''} ${outcome.reason ?? ''}`);
    if (outcome.status !== 'denied' && outcome.status !== 'invalid') this.answeredOcos.push(full);
  }

  private async cancelOneList(): Promise<void> {
    const open = await this.desk.orderLists({ openOnly: true, limit: 500 });
    if (open.length === 0) return;
    const { list } = this.pick(open);
    const outcome = await this.desk.cancelOrderList({
      symbol: list.symbol,
      listClientOrderId: list.listClientOrderId,
      origin: 'test',
    });
    this.count(`cancel-oco:${outcome.status}`);
  }

  private async repeatOneOco(): Promise<void> {
    if (this.answeredOcos.length === 0) return this.repeatOne();
    this.repeats += 1;
    const input = this.pick(this.answeredOcos);
    const outcome = await this.desk.placeOco(input);
    if (!outcome.duplicate) this.notDuplicate(input.actionId!, outcome);
  }

  private notDuplicate(actionId: string, outcome: { status: string; reason?: string; error?: { message: string } }) {
    this.repeatsNotDuplicate += 1;
    const now = `${outcome.status} ${outcome.reason ?? outcome.error?.message ?? ''}`;
    this.notDuplicates.push(`${actionId}: first ${this.firstAnswers.get(actionId)}; repeat ${now}`);
  }

  private async place(input: Omit<PlaceOrderInput, 'actionId' | 'origin'>): Promise<void> {
    const full: PlaceOrderInput = { ...input, actionId: `${this.idPrefix}-${(this.seq += 1)}`, origin: 'test' };
    this.sent.set(clientOrderIdFor(full.actionId), input.symbol);
    const outcome = await this.desk.placeOrder(full);
    this.count(`place:${outcome.status}`);
    this.firstAnswers.set(full.actionId!, `${outcome.status} ${outcome.order?.status ?? ''} ${outcome.reason ?? ''}`);
    // A denial or an invalid input journals no order: repeating its action id is a new attempt, not an idempotent retry.
    if (outcome.status !== 'denied' && outcome.status !== 'invalid') this.answered.push(full);
  }

  private async cancelOne(): Promise<void> {
    const open = await this.desk.orders({ openOnly: true, limit: 500 });
    if (open.length === 0) return;
    const target = this.pick(open);
    const outcome = await this.desk.cancelOrder({
      symbol: target.symbol,
      clientOrderId: target.clientOrderId,
      origin: 'test',
    });
    this.count(`cancel:${outcome.status}`);
  }

  private async repeatOne(): Promise<void> {
    if (this.answered.length === 0) return;
    this.repeats += 1;
    const input = this.pick(this.answered);
    const outcome = await this.desk.placeOrder(input);
    if (!outcome.duplicate) this.notDuplicate(input.actionId!, outcome);
  }

  /** The market prints a large trade 0.1 % away from the last price: resting orders on that side fill, reported over the user-data stream. */
  private async tradeThrough(symbol: string): Promise<void> {
    const last = new Big(await this.price(symbol));
    const price = this.random() < 0.5 ? last.times(0.999) : last.times(1.001);
    await this.venue.printTrade(symbol, str(price.round(2)), '1000');
    this.count('market:trade-through');
  }

  private count(key: string): void {
    this.outcomes[key] = (this.outcomes[key] ?? 0) + 1;
  }

  // The test reads prices and holdings from the venue itself: fault-free, and not what is under test.
  private async price(symbol: string): Promise<Decimal> {
    return (await this.venue.market.prices([symbol]))[0]!.price;
  }

  private async top(symbol: string) {
    return (await this.venue.market.bookTickers([symbol]))[0]!;
  }

  private async held(asset: string): Promise<Decimal> {
    return (await this.venue.broker.balances()).find((b) => b.asset === asset)?.free ?? '0';
  }
}
