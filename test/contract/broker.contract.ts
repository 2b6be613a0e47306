/**
 * The Broker contract: behaviour every Broker must show, tested through the port only, so the
 * simulated broker and the live adapter (pointed at a fake Binance) run the same suite.
 *
 * Usage: runBrokerContract('simulated', async () => harness) inside a test file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Balance } from '../../src/model/balance.js';
import { ExchangeRejection } from '../../src/model/errors.js';
import type { Fill } from '../../src/model/fill.js';
import type { Market } from '../../src/model/market.js';
import {
  add,
  Big,
  ceilToStep,
  cmp,
  type Decimal,
  div,
  floorToStep,
  max,
  mul,
  str,
  sub,
  sum,
  ZERO,
} from '../../src/model/money.js';
import type { Order, OrderRequest } from '../../src/model/order.js';
import type { Broker, OrderUpdate } from '../../src/ports/broker.js';
import type { MarketData } from '../../src/ports/market-data.js';

export interface BrokerHarness {
  broker: Broker;
  /** The market data the broker trades against (read here to choose prices). */
  marketData: MarketData;
  /** A TRADING symbol with at least a few levels on both sides of its book. */
  symbol: string;
  /** What the account held before the test: at least 1,000 of the symbol's quote asset. */
  startingBalances: Balance[];
  /**
   * Makes the market print a public trade at `price`, for a quantity large enough that any test
   * order resting at a better price fills (trade-through).
   */
  tradeAt(symbol: string, price: Decimal): Promise<void>;
  cleanup(): Promise<void>;
}

const NOTIONAL_TARGET = '25';

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<ExchangeRejection> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ExchangeRejection) return error;
    throw error;
  }
  throw new Error('expected an ExchangeRejection, got success');
}

function totalOf(balances: Balance[], asset: string): Decimal {
  const b = balances.find((x) => x.asset === asset);
  return b ? add(b.free, b.locked) : ZERO;
}
function lockedOf(balances: Balance[], asset: string): Decimal {
  return balances.find((x) => x.asset === asset)?.locked ?? ZERO;
}

export function runBrokerContract(name: string, make: () => Promise<BrokerHarness>): void {
  describe(`Broker contract: ${name}`, () => {
    let h: BrokerHarness;
    let market: Market;
    let bestBid: Decimal;
    let bestAsk: Decimal;
    let tick: Decimal;
    let ids = 0;

    beforeEach(async () => {
      h = await make();
      market = await h.marketData.market(h.symbol);
      const book = await h.marketData.orderBook(h.symbol, 5);
      bestBid = book.bids[0][0];
      bestAsk = book.asks[0][0];
      tick = market.filters.price.tickSize;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    const cid = (): string => `contract-${Date.now().toString(36)}-${(ids += 1)}`;
    /** A quantity worth about NOTIONAL_TARGET quote units at `price`, on the lot grid and above its minimum. */
    const qtyFor = (price: Decimal, notional: Decimal = NOTIONAL_TARGET): Decimal => {
      const lot = market.filters.lotSize;
      return max(floorToStep(div(notional, price), lot.stepSize), ceilToStep(lot.minQty, lot.stepSize));
    };
    const ticksFrom = (price: Decimal, n: number): Decimal => str(new Big(price).plus(new Big(tick).times(n)));
    const limitOrder = (side: 'BUY' | 'SELL', price: Decimal, over: Partial<OrderRequest> = {}): OrderRequest => ({
      clientOrderId: cid(),
      symbol: h.symbol,
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      price,
      quantity: qtyFor(price),
      ...over,
    });
    const filledOrder = (orderId: string) =>
      eventually(async () => {
        const o = await h.broker.getOrder(h.symbol, { orderId });
        return o?.status === 'FILLED' ? o : undefined;
      }, `order ${orderId} to fill`);
    const fillsOf = async (orderId: string): Promise<Fill[]> =>
      (await h.broker.fills({ symbol: h.symbol })).filter((f) => f.orderId === orderId);

    it('placeOrder MARKET BUY then FILLED as taker with fills that add up and commission in the base asset', async () => {
      const qty = qtyFor(bestAsk);
      const { order, fills } = await h.broker.placeOrder({
        clientOrderId: cid(),
        symbol: h.symbol,
        side: 'BUY',
        type: 'MARKET',
        quantity: qty,
      });
      expect(order.status).toBe('FILLED');
      expect(cmp(order.executedQty, qty)).toBe(0);
      expect(fills.length).toBeGreaterThan(0);
      expect(cmp(sum(fills.map((f) => f.qty)), order.executedQty)).toBe(0);
      expect(cmp(sum(fills.map((f) => f.quoteQty)), order.cummulativeQuoteQty)).toBe(0);
      for (const f of fills) {
        expect(f).toMatchObject({
          orderId: order.orderId,
          clientOrderId: order.clientOrderId,
          side: 'BUY',
          isMaker: false,
          commissionAsset: market.baseAsset,
        });
        expect(cmp(f.price, bestAsk)).toBeGreaterThanOrEqual(0);
        expect(cmp(f.quoteQty, mul(f.price, f.qty))).toBe(0);
      }
      const after = await h.broker.balances();
      const commission = sum(fills.map((f) => f.commission));
      expect(totalOf(after, market.baseAsset)).toBe(
        str(new Big(totalOf(h.startingBalances, market.baseAsset)).plus(order.executedQty).minus(commission)),
      );
      expect(totalOf(after, market.quoteAsset)).toBe(
        sub(totalOf(h.startingBalances, market.quoteAsset), order.cummulativeQuoteQty),
      );
    });

    it('placeOrder LIMIT BUY below the market then rests NEW, locks price × quantity, and appears in openOrders', async () => {
      const price = ticksFrom(bestBid, -5);
      const { order, fills } = await h.broker.placeOrder(limitOrder('BUY', price));
      expect(fills).toEqual([]);
      expect(order).toMatchObject({ status: 'NEW', executedQty: expect.stringMatching(/^0(\.0+)?$/) });
      expect((await h.broker.openOrders(h.symbol)).map((o) => o.orderId)).toContain(order.orderId);
      const locked = lockedOf(await h.broker.balances(), market.quoteAsset);
      expect(cmp(sub(locked, lockedOf(h.startingBalances, market.quoteAsset)), mul(price, order.origQty))).toBe(0);
    });

    it('a resting LIMIT BUY when the market trades through its price then FILLS as maker at the limit and reports it', async () => {
      const updates: OrderUpdate[] = [];
      const unsubscribe = h.broker.onOrderUpdate((u) => updates.push(u));
      const price = ticksFrom(bestBid, -5);
      const { order } = await h.broker.placeOrder(limitOrder('BUY', price));
      await h.tradeAt(h.symbol, ticksFrom(price, -2));
      const filled = await filledOrder(order.orderId);
      expect(cmp(filled.executedQty, order.origQty)).toBe(0);
      const fills = await fillsOf(order.orderId);
      expect(fills.length).toBeGreaterThan(0);
      for (const f of fills) {
        expect(f.isMaker).toBe(true);
        expect(cmp(f.price, price)).toBe(0);
      }
      await eventually(
        async () =>
          updates.some((u) => u.order.orderId === order.orderId && u.order.status === 'FILLED') ? true : undefined,
        'a FILLED update',
      );
      expect(await h.broker.openOrders(h.symbol)).toEqual([]);
      expect(
        cmp(lockedOf(await h.broker.balances(), market.quoteAsset), lockedOf(h.startingBalances, market.quoteAsset)),
      ).toBe(0);
      unsubscribe();
    });

    it('a resting LIMIT SELL when the market trades through upwards then FILLS as maker with commission in the quote asset', async () => {
      await h.broker.placeOrder({
        clientOrderId: cid(),
        symbol: h.symbol,
        side: 'BUY',
        type: 'MARKET',
        quantity: qtyFor(bestAsk, '60'),
      });
      const price = ticksFrom(bestAsk, 5);
      const { order } = await h.broker.placeOrder(limitOrder('SELL', price));
      expect(order.status).toBe('NEW');
      await h.tradeAt(h.symbol, ticksFrom(price, 2));
      await filledOrder(order.orderId);
      const fills = await fillsOf(order.orderId);
      expect(
        fills.every((f) => f.isMaker && f.commissionAsset === market.quoteAsset && cmp(f.price, price) === 0),
      ).toBe(true);
    });

    it('cancelOrder on a resting order then CANCELED, gone from openOrders, funds unlocked', async () => {
      const { order } = await h.broker.placeOrder(limitOrder('BUY', ticksFrom(bestBid, -5)));
      const canceled = await h.broker.cancelOrder(h.symbol, { clientOrderId: order.clientOrderId });
      expect(canceled).toMatchObject({ orderId: order.orderId, status: 'CANCELED' });
      expect(await h.broker.openOrders(h.symbol)).toEqual([]);
      expect((await h.broker.getOrder(h.symbol, { orderId: order.orderId }))?.status).toBe('CANCELED');
      const after = await h.broker.balances();
      expect(totalOf(after, market.quoteAsset)).toBe(totalOf(h.startingBalances, market.quoteAsset));
      expect(cmp(lockedOf(after, market.quoteAsset), lockedOf(h.startingBalances, market.quoteAsset))).toBe(0);
    });

    it('placeOrder with the clientOrderId of an open order then places no second one (the first answered, or -2010 Duplicate order sent.)', async () => {
      const request = limitOrder('BUY', ticksFrom(bestBid, -5));
      const first = await h.broker.placeOrder(request);
      const again = await h.broker.placeOrder({ ...request, price: ticksFrom(bestBid, -6) }).then(
        (result) => result.order.orderId,
        (error: { code?: number; message?: string }) => `${error.code} ${error.message}`,
      );
      expect([first.order.orderId, '-2010 Duplicate order sent.']).toContain(again);
      expect((await h.broker.openOrders(h.symbol)).length).toBe(1);
    });

    it('placeOrder selling more than the free balance then rejects -2010 insufficient balance', async () => {
      const price = ticksFrom(bestAsk, 5);
      const held = totalOf(await h.broker.balances(), market.baseAsset);
      const quantity = floorToStep(
        add(add(held, qtyFor(price)), market.filters.lotSize.stepSize),
        market.filters.lotSize.stepSize,
      );
      const rejection = await rejectionOf(h.broker.placeOrder(limitOrder('SELL', price, { quantity })));
      expect({ code: rejection.code, msg: rejection.message }).toEqual({
        code: -2010,
        msg: 'Account has insufficient balance for requested action.',
      });
      expect(await h.broker.openOrders(h.symbol)).toEqual([]);
    });

    it('placeOrder with a quantity off the LOT_SIZE step then rejects -1013 Filter failure: LOT_SIZE', async () => {
      const price = ticksFrom(bestBid, -5);
      const quantity = add(qtyFor(price), str(new Big(market.filters.lotSize.stepSize).div(2)));
      const rejection = await rejectionOf(h.broker.placeOrder(limitOrder('BUY', price, { quantity })));
      expect({ code: rejection.code, msg: rejection.message }).toEqual({
        code: -1013,
        msg: 'Filter failure: LOT_SIZE',
      });
    });

    it('cancelOrder of an unknown order then rejects -2011 Unknown order sent.; getOrder then undefined', async () => {
      const rejection = await rejectionOf(h.broker.cancelOrder(h.symbol, { clientOrderId: 'never-placed' }));
      expect({ code: rejection.code, msg: rejection.message }).toEqual({ code: -2011, msg: 'Unknown order sent.' });
      expect(await h.broker.getOrder(h.symbol, { clientOrderId: 'never-placed' })).toBeUndefined();
    });

    it('after buys, a resting order, a cancel and a sell then every total equals start plus fills minus commissions', async () => {
      const placed: Order[] = [];
      placed.push(
        (
          await h.broker.placeOrder({
            clientOrderId: cid(),
            symbol: h.symbol,
            side: 'BUY',
            type: 'MARKET',
            quantity: qtyFor(bestAsk, '80'),
          })
        ).order,
      );
      const resting = (await h.broker.placeOrder(limitOrder('BUY', ticksFrom(bestBid, -3)))).order;
      await h.broker.placeOrder(limitOrder('BUY', ticksFrom(bestBid, -4)));
      await h.broker.cancelOrder(h.symbol, { orderId: resting.orderId });
      placed.push(
        (
          await h.broker.placeOrder({
            clientOrderId: cid(),
            symbol: h.symbol,
            side: 'SELL',
            type: 'MARKET',
            quantity: qtyFor(bestBid, '30'),
          })
        ).order,
      );

      const fills = await h.broker.fills({ symbol: h.symbol });
      let base = new Big(totalOf(h.startingBalances, market.baseAsset));
      let quote = new Big(totalOf(h.startingBalances, market.quoteAsset));
      for (const f of fills) {
        const sign = f.side === 'BUY' ? 1 : -1;
        base = base.plus(new Big(f.qty).times(sign));
        quote = quote.minus(new Big(f.quoteQty).times(sign));
        if (f.commissionAsset === market.baseAsset) base = base.minus(f.commission);
        else if (f.commissionAsset === market.quoteAsset) quote = quote.minus(f.commission);
      }
      const after = await h.broker.balances();
      expect(totalOf(after, market.baseAsset)).toBe(str(base));
      expect(totalOf(after, market.quoteAsset)).toBe(str(quote));
      for (const o of placed)
        expect((await h.broker.getOrder(h.symbol, { orderId: o.orderId }))?.status).toBe('FILLED');
      const open = await h.broker.openOrders(h.symbol);
      expect(open).toHaveLength(1);
      expect(cmp(lockedOf(after, market.quoteAsset), mul(open[0].price as Decimal, open[0].origQty))).toBe(0);
      for (const b of after) {
        expect(cmp(b.free, ZERO)).toBeGreaterThanOrEqual(0);
        expect(cmp(b.locked, ZERO)).toBeGreaterThanOrEqual(0);
      }
    });

    it('tradingFees for the symbol then gives its maker and taker rates as fractions', async () => {
      const [fee] = await h.broker.tradingFees([h.symbol]);
      expect(fee.symbol).toBe(h.symbol);
      expect(cmp(fee.maker, ZERO)).toBeGreaterThanOrEqual(0);
      expect(cmp(fee.taker, '0.1')).toBeLessThan(0);
    });
  });
}
