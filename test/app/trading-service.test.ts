import { afterEach, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';

let h: PaperDeskHarness;
afterEach(async () => {
  await h?.close();
});

const usd = (state: { balances: { asset: string; free: string; locked: string }[] }, asset = 'USD') =>
  state.balances.find((b) => b.asset === asset);

describe('TradingService (paper desk over the simulated broker and an SQLite journal)', () => {
  it('placeOrder MARKET BUY then fills from the book, journals order, fills and balances, commission in base', async () => {
    h = await paperDesk();
    const outcome = await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.01',
      origin: 'test',
      rationale: 'testing the road',
    });
    expect(outcome.status).toBe('placed');
    expect(outcome.order?.status).toBe('FILLED');
    expect(outcome.fills.length).toBeGreaterThan(0);
    expect(outcome.fills.every((f) => f.commissionAsset === 'BTC' && !f.isMaker)).toBe(true);
    const journaled = await h.store.findOrder('paper', outcome.clientOrderId);
    expect(journaled?.executedQty).toBe('0.01');
    expect(await h.store.listFills({ mode: 'paper', clientOrderId: outcome.clientOrderId })).toHaveLength(
      outcome.fills.length,
    );
    expect((await h.store.findDecision('paper', outcome.clientOrderId))?.rationale).toBe('testing the road');
    const stored = await h.store.loadBalances('paper');
    const spent = outcome.fills.reduce((s, f) => s.plus(f.quoteQty), new Big(0));
    expect(stored?.find((b) => b.asset === 'USD')?.free).toBe(new Big(10000).minus(spent).toFixed());
    const account = await h.desk.trading.account();
    expect(account.positions.find((p) => p.asset === 'BTC')).toBeDefined();
    expect(Number(account.portfolioValueUsd)).toBeGreaterThan(9900);
  });

  it('placeOrder when the same action id is retried then returns the first order and places nothing new', async () => {
    h = await paperDesk();
    const first = await h.desk.trading.placeOrder({
      symbol: 'ETHUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.1',
      actionId: 'retry-me',
      origin: 'test',
    });
    const again = await h.desk.trading.placeOrder({
      symbol: 'ETHUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.1',
      actionId: 'retry-me',
      origin: 'test',
    });
    expect(first.status).toBe('placed');
    expect(again.duplicate).toBe(true);
    expect(again.order?.orderId).toBe(first.order?.orderId);
    expect(again.fills).toHaveLength(first.fills.length);
    expect(await h.store.listOrders({ mode: 'paper' })).toHaveLength(1);
  });

  it('placeOrder when concurrent retries share an action id then exactly one order exists', async () => {
    h = await paperDesk();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        h.desk.trading.placeOrder({
          symbol: 'BTCUSD',
          side: 'BUY',
          orderType: 'MARKET',
          quantity: '0.001',
          actionId: 'same',
          origin: 'test',
        }),
      ),
    );
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(await h.store.listOrders({ mode: 'paper' })).toHaveLength(1);
  });

  it('placeOrder when the notional exceeds MAX_TRADE_SIZE_USD then denies, names the limit, journals a risk event and no order', async () => {
    h = await paperDesk({ limits: { maxTradeSizeUsd: '100' } });
    const outcome = await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.01',
      origin: 'test',
    });
    expect(outcome.status).toBe('denied');
    expect(outcome.denial?.code).toBe('MAX_TRADE_SIZE_EXCEEDED');
    expect(outcome.denial?.message).toContain('MAX_TRADE_SIZE_USD is 100');
    expect(await h.store.listOrders({ mode: 'paper' })).toHaveLength(0);
    expect((await h.store.listRiskEvents('paper')).some((e) => e.code === 'MAX_TRADE_SIZE_EXCEEDED')).toBe(true);
  });

  it('placeOrder when a field is wrong then says which field and what is allowed, and journals nothing', async () => {
    h = await paperDesk();
    const cases = [
      [{ side: 'HOLD' }, 'side'],
      [{ symbol: 'NOPEUSD' }, 'symbol'],
      [{ quantity: '-1' }, 'quantity'],
      [{ orderType: 'LIMIT' }, 'price'],
      [{ orderType: 'STOP', price: '100' }, 'stop_price'],
      [{ orderType: 'TRAILING' }, 'order_type'],
      [{ quoteQuantity: '50' }, 'quantity'],
    ] as const;
    for (const [patch, field] of cases) {
      const outcome = await h.desk.trading.placeOrder({
        symbol: 'BTCUSD',
        side: 'BUY',
        orderType: 'MARKET',
        quantity: '0.01',
        origin: 'test',
        ...patch,
      } as never);
      expect(outcome.status, JSON.stringify(patch)).toBe('invalid');
      expect(outcome.error?.field).toBe(field);
      expect(outcome.error?.message).toMatch(/allowed/);
    }
    expect(await h.store.listOrders({ mode: 'paper' })).toHaveLength(0);
  });

  it('placeOrder when the quantity is too fine then rounds down to the step and says so', async () => {
    h = await paperDesk();
    const outcome = await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.0123456789',
      origin: 'test',
    });
    expect(outcome.status).toBe('placed');
    expect(outcome.adjustments.join(' ')).toMatch(/rounded down/);
    expect(new Big(outcome.order!.executedQty).lt('0.0123456789')).toBe(true);
  });

  it('placeOrder when the balance is short then the venue rejects with -2010 and the journal says REJECTED', async () => {
    h = await paperDesk();
    const last = (await h.marketData.prices(['BTCUSD']))[0]!.price;
    const price = new Big(last).times('0.95').toFixed(2);
    const outcome = await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: '10',
      price,
      origin: 'test',
    });
    expect(outcome.status).toBe('rejected');
    expect(outcome.rejection?.code).toBe(-2010);
    expect((await h.store.findOrder('paper', outcome.clientOrderId))?.status).toBe('REJECTED');
  });

  it('a resting LIMIT BUY below the market then fills as maker when the market trades through it, and the fill is journaled', async () => {
    h = await paperDesk();
    const quote = (await h.marketData.prices(['BTCUSD']))[0]!;
    const price = new Big(quote.price).times('0.999').toFixed(2);
    const outcome = await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: '0.01',
      price,
      origin: 'test',
    });
    expect(outcome.order?.status).toBe('NEW');
    let filled = false;
    for (let i = 0; i < 24 * 60 && !filled; i++) {
      await h.advance(60_000);
      filled = (await h.store.findOrder('paper', outcome.clientOrderId))?.status === 'FILLED';
    }
    expect(filled).toBe(true);
    const fills = await h.store.listFills({ mode: 'paper', clientOrderId: outcome.clientOrderId });
    expect(fills.every((f) => f.isMaker && f.price === price)).toBe(true);
  });

  it('cancelOrder on a resting order then releases the funds and journals CANCELED', async () => {
    h = await paperDesk();
    const last = (await h.marketData.prices(['ETHUSD']))[0]!.price;
    const placed = await h.desk.trading.placeOrder({
      symbol: 'ETHUSD',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: '1',
      price: new Big(last).times('0.9').toFixed(2),
      origin: 'test',
    });
    expect(placed.status).toBe('placed');
    expect(usd(await h.desk.trading.account())?.locked).not.toBe('0');
    const canceled = await h.desk.trading.cancelOrder({
      symbol: 'ETHUSD',
      orderId: placed.order!.orderId!,
      origin: 'test',
    });
    expect(canceled.status).toBe('canceled');
    expect(canceled.order?.status).toBe('CANCELED');
    expect(usd(await h.desk.trading.account())?.locked).toBe('0');
    const unknown = await h.desk.trading.cancelOrder({ symbol: 'ETHUSD', orderId: '999999', origin: 'test' });
    expect(unknown.status).toBe('rejected');
    expect(unknown.rejection?.code).toBe(-2011);
  });

  it('previewOrder then prices the order from the book and places nothing', async () => {
    h = await paperDesk({ limits: { maxTradeSizeUsd: '50' } });
    const preview = await h.desk.trading.previewOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.01',
      origin: 'test',
    });
    expect(preview.mode).toBe('paper');
    expect(Number(preview.expectedAveragePrice)).toBeGreaterThan(0);
    expect(preview.feeAsset).toBe('BTC');
    expect(preview.risk.allowed).toBe(false);
    expect(await h.store.listOrders({ mode: 'paper' })).toHaveLength(0);
    expect(await h.store.listRiskEvents('paper')).toHaveLength(
      0 + (await h.store.listRiskEvents('paper')).filter((e) => e.kind !== 'denied').length,
    );
  });

  it('when the operator resets the paper account from another process then the running desk follows before its next order', async () => {
    h = await paperDesk();
    const last = (await h.marketData.prices(['ETHUSD']))[0]!.price;
    await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.01',
      origin: 'test',
    });
    const resting = await h.desk.trading.placeOrder({
      symbol: 'ETHUSD',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: '1',
      price: new Big(last).times('0.9').toFixed(2),
      origin: 'test',
    });
    h.clock.advance(1000);
    await h.store.resetPaperAccount([{ asset: 'USD', free: '5000', locked: '0' }], h.clock.now());
    const account = await h.desk.trading.account();
    expect(account.balances.filter((b) => b.total !== '0').map((b) => [b.asset, b.total])).toEqual([['USD', '5000']]);
    expect((await h.store.findOrder('paper', resting.clientOrderId))?.status).toBe('CANCELED');
    const after = await h.desk.trading.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.01',
      origin: 'test',
    });
    expect(after.status).toBe('placed');
    const stored = await h.store.loadBalances('paper');
    const spent = after.fills.reduce((s, f) => s.plus(f.quoteQty), new Big(0));
    expect(stored?.find((b) => b.asset === 'USD')?.free).toBe(new Big(5000).minus(spent).toFixed());
  });
});
