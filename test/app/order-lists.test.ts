/**
 * OCOs and brackets on the one road, against the real paper desk (synthetic market on a manual
 * clock, simulated broker, SQLite journal): journaling, idempotency, the venue's caps checked before
 * sending, protective legs under a tripped breaker, brackets protecting every fill, a restart mid-bracket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Big } from '../../src/model/money.js';
import type { OrderListJournal, OrderListRecord } from '../../src/ports/order-list-journal.js';
import type { IdSequence } from '../../src/ports/id-sequence.js';
import type { Store } from '../../src/ports/store.js';
import { openStore } from '../../src/store/index.js';
import { paperDesk, type PaperDeskHarness } from '../support/paper-desk.js';

let h: PaperDeskHarness | undefined;
const extra: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const c of extra.splice(0)) await c.close();
});

async function last(h: PaperDeskHarness, symbol = 'BTCUSD'): Promise<Big> {
  return new Big((await h.marketData.prices([symbol]))[0]!.price);
}

async function buyBtc(h: PaperDeskHarness, quantity: string): Promise<void> {
  const bought = await h.desk.trading.placeOrder({
    symbol: 'BTCUSD',
    side: 'BUY',
    orderType: 'MARKET',
    quantity,
    actionId: `buy-${quantity}-${h.clock.now()}`,
    origin: 'test',
  });
  expect(bought.status, JSON.stringify(bought)).toBe('placed');
}

async function sellOco(h: PaperDeskHarness, actionId: string, quantity = '0.01') {
  const p = await last(h);
  return h.desk.trading.placeOco({
    symbol: 'BTCUSD',
    side: 'SELL',
    quantity,
    price: p.times('1.05').toFixed(2),
    stopPrice: p.times('0.95').toFixed(2),
    stopLimitPrice: p.times('0.949').toFixed(2),
    actionId,
    origin: 'test',
  });
}

describe('OCO on the one road', () => {
  it('placeOco when the position is held then journals the list and both legs with the venue id, and a retry returns the first outcome', async () => {
    h = await paperDesk({ balances: 'USD:100000' });
    await buyBtc(h, '0.0101');
    const first = await sellOco(h, 'oco-1');
    expect(first.status, JSON.stringify(first)).toBe('placed');
    expect(first.list).toMatchObject({ kind: 'OCO', status: 'EXECUTING', side: 'SELL', quantity: '0.01' });
    expect(first.list!.orderListId).not.toBeNull();
    expect(first.orders.map((o) => [o.type, o.status, o.orderListId])).toEqual([
      ['LIMIT_MAKER', 'NEW', first.list!.orderListId],
      ['STOP_LOSS_LIMIT', 'NEW', first.list!.orderListId],
    ]);
    const again = await sellOco(h, 'oco-1');
    expect(again).toMatchObject({ status: 'placed', duplicate: true, listClientOrderId: first.listClientOrderId });
    expect(await h.desk.broker.openOrderLists('BTCUSD')).toHaveLength(1);
  });

  it('placeOco retried with the same amounts off the symbol grid (rounded when placed) then it is the same list: the first outcome, nothing sent again', async () => {
    h = await paperDesk({ balances: 'USD:100000' });
    await buyBtc(h, '0.0101');
    const p = await last(h);
    const input = {
      symbol: 'BTCUSD',
      side: 'SELL' as const,
      quantity: '0.010000004',
      price: p.times('1.05').toFixed(6),
      stopPrice: p.times('0.95').toFixed(6),
      stopLimitPrice: p.times('0.949').toFixed(6),
      actionId: 'oco-off-grid',
      origin: 'test',
    };
    const first = await h.desk.trading.placeOco(input);
    expect(first.status, JSON.stringify(first)).toBe('placed');
    expect(first.adjustments.length).toBeGreaterThan(0);
    const again = await h.desk.trading.placeOco(input);
    expect(again, JSON.stringify(again)).toMatchObject({
      status: 'placed',
      duplicate: true,
      listClientOrderId: first.listClientOrderId,
    });
    // A different list under the same action id is still refused.
    const other = await h.desk.trading.placeOco({ ...input, quantity: '0.005' });
    expect(other).toMatchObject({ status: 'invalid', duplicate: false, error: { field: 'action_id' } });
    expect(other.error!.message).toMatch(/differs in quantity/);
    expect(await h.desk.broker.openOrderLists('BTCUSD')).toHaveLength(1);
  });

  it('placeOco when the prices break SELL price > last > stop then it is invalid, names the field and sends nothing', async () => {
    h = await paperDesk({ balances: 'USD:100000' });
    await buyBtc(h, '0.0101');
    const p = await last(h);
    const out = await h.desk.trading.placeOco({
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: p.times('1.05').toFixed(2),
      stopPrice: p.times('1.01').toFixed(2),
      actionId: 'bad',
      origin: 'test',
    });
    expect(out.status).toBe('invalid');
    expect(out.error!.field).toBe('stop_price');
    expect(out.error!.message).toMatch(/price > last price > stop_price/);
    expect(await h.desk.broker.openOrderLists()).toHaveLength(0);
  });

  it('placeOco when trailing_delta is outside TRAILING_DELTA then the error names the allowed range', async () => {
    h = await paperDesk({ balances: 'USD:100000' });
    await buyBtc(h, '0.0101');
    const p = await last(h);
    const out = await h.desk.trading.placeOco({
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      trailingDelta: 5,
      actionId: 'trail',
      origin: 'test',
    });
    expect(out.status).toBe('invalid');
    expect(out.error!.message).toMatch(
      /trailing_delta: 5 is outside the allowed range \(allowed: a whole number of basis points from \d+ to \d+ \(TRAILING_DELTA/,
    );
  });

  it('cancelOrderList when the OCO works then both legs end CANCELED and the list ALL_DONE in the journal', async () => {
    h = await paperDesk({ balances: 'USD:100000' });
    await buyBtc(h, '0.0101');
    const placed = await sellOco(h, 'oco-c');
    const canceled = await h.desk.trading.cancelOrderList({
      symbol: 'BTCUSD',
      orderListId: placed.list!.orderListId!,
      origin: 'test',
    });
    expect(canceled.status).toBe('canceled');
    expect(canceled.list!.status).toBe('ALL_DONE');
    expect(canceled.orders.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
    const wrong = await h.desk.trading.cancelOrderList({
      symbol: 'ETHUSD',
      orderListId: placed.list!.orderListId!,
      origin: 'test',
    });
    expect(wrong).toMatchObject({ status: 'invalid', error: { field: 'symbol' } });
  });

  it('placeOco when the symbol already has MAX_NUM_ALGO_ORDERS stops then it is denied before anything is sent or journaled', async () => {
    h = await paperDesk({ balances: 'USD:100000' });
    const market = await h.marketData.market('BTCUSD');
    const cap = market.filters.maxNumAlgoOrders!;
    await buyBtc(h, '0.1');
    for (let i = 0; i < cap; i++) expect((await sellOco(h, `cap-${i}`)).status).toBe('placed');
    const denied = await sellOco(h, 'one-too-many');
    expect(denied.status).toBe('denied');
    expect(denied.denial).toMatchObject({
      code: 'MAX_NUM_ALGO_ORDERS',
      limitValue: String(cap),
      attempted: String(cap + 1),
    });
    expect(denied.denial!.message).toMatch(/nothing was sent/);
    expect(await (h.store as Store & OrderListJournal).findList('paper', denied.listClientOrderId)).toBeUndefined();
    expect(await h.desk.broker.openOrderLists('BTCUSD')).toHaveLength(cap);
  });

  it('placeOco when the daily-loss breaker has tripped then a SELL OCO of the held position still goes (it only reduces) and a BUY OCO is denied', async () => {
    h = await paperDesk({ balances: 'USD:100000', limits: { maxDailyLossUsd: '5' } });
    await buyBtc(h, '0.0101');
    const big = await h.desk.trading.placeOrder({
      symbol: 'SOLUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quoteQuantity: '20000',
      actionId: 'big',
      origin: 'test',
    });
    expect(big.status).toBe('placed');
    expect((await h.desk.trading.riskStatus()).breaker.tripped).toBe(true);
    const protective = await sellOco(h, 'protect');
    expect(protective.status, JSON.stringify(protective.denial)).toBe('placed');
    const p = await last(h);
    const adding = await h.desk.trading.placeOco({
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.01',
      price: p.times('0.95').toFixed(2),
      stopPrice: p.times('1.05').toFixed(2),
      stopLimitPrice: p.times('1.06').toFixed(2),
      actionId: 'adds',
      origin: 'test',
    });
    expect(adding.status).toBe('denied');
    expect(adding.denial!.code).toBe('DAILY_LOSS_BREAKER_TRIPPED');
  });
});

/** Sum of what a bracket's OCOs cover: open ones their quantity, finished ones what their legs executed. */
/** What a BUY entry brought in, commissions in the base asset taken off. */
async function received(h: PaperDeskHarness, clientOrderId: string): Promise<Big> {
  let total = new Big(0);
  for (const f of await h.store.listFills({ mode: 'paper', clientOrderId, limit: 10_000 }))
    total = total.plus(f.qty).minus(f.commissionAsset === 'BTC' ? f.commission : '0');
  return total;
}

async function coverage(h: PaperDeskHarness, bracket: OrderListRecord): Promise<Big> {
  const lists = h.store as Store & OrderListJournal;
  let covered = new Big(0);
  for (const child of await lists.listLists({
    mode: 'paper',
    parentListClientOrderId: bracket.listClientOrderId,
    limit: 1000,
  })) {
    if (['PENDING', 'EXECUTING', 'UNKNOWN'].includes(child.status)) covered = covered.plus(child.quantity);
    else if (child.status === 'ALL_DONE')
      for (const id of [child.limitClientOrderId!, child.stopClientOrderId!])
        covered = covered.plus((await h.store.findOrder('paper', id))?.executedQty ?? '0');
  }
  return covered;
}

describe('brackets', () => {
  it('placeBracket when the MARKET entry fills then its OCO for the filled quantity is on the venue before the call returns', async () => {
    h = await paperDesk({ balances: 'USD:100000' });
    const p = await last(h);
    const out = await h.desk.trading.placeBracket({
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.02',
      takeProfitPrice: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      actionId: 'br-1',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    expect(out.list).toMatchObject({ kind: 'BRACKET', status: 'EXECUTING', side: 'SELL' });
    const [entry, ...legs] = out.orders;
    expect(entry!.status).toBe('FILLED');
    // The taker commission is taken in BTC: the OCO sells what arrived, rounded down to the step.
    const fee = out.fills.reduce((sum, f) => sum.plus(f.commissionAsset === 'BTC' ? f.commission : '0'), new Big(0));
    const held = new Big(entry!.executedQty).minus(fee);
    const step = (await h.marketData.market('BTCUSD')).filters.lotSize.stepSize;
    const expected = held.div(step).round(0, Big.roundDown).times(step).toFixed();
    expect(legs.map((l) => [l.type, l.side, l.origQty, l.status])).toEqual([
      ['LIMIT_MAKER', 'SELL', expected, 'NEW'],
      ['STOP_LOSS_LIMIT', 'SELL', expected, 'NEW'],
    ]);
    const again = await h.desk.trading.placeBracket({
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.02',
      takeProfitPrice: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      actionId: 'br-1',
      origin: 'test',
    });
    expect(again).toMatchObject({ duplicate: true, status: 'placed' });
    expect(await h.desk.broker.openOrderLists('BTCUSD')).toHaveLength(1);
  });

  it('placeBracket when a resting LIMIT entry fills in parts then after every fill the filled quantity is covered by OCOs', async () => {
    h = await paperDesk({ balances: 'USD:1000000' });
    const p = await last(h);
    const out = await h.desk.trading.placeBracket({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: '1',
      price: p.times('0.9995').toFixed(2),
      takeProfitPrice: p.times('1.2').toFixed(2),
      stopPrice: p.times('0.8').toFixed(2),
      actionId: 'br-limit',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    const lists = h.store as Store & OrderListJournal;
    const step = new Big((await h.marketData.market('BTCUSD')).filters.lotSize.stepSize);
    let partialSeen = false;
    for (let i = 0; i < 6 * 60; i++) {
      await h.advance(60_000);
      const bracket = (await lists.findList('paper', out.listClientOrderId))!;
      const entry = (await h.store.findOrder('paper', bracket.entryClientOrderId!))!;
      const executed = await received(h, entry.clientOrderId);
      if (entry.status === 'PARTIALLY_FILLED') partialSeen = true;
      const covered = await coverage(h, bracket);
      // Everything that filled is covered, but for less than one LOT_SIZE step.
      expect(
        executed.minus(covered).lt(step),
        `${executed} filled, ${covered} covered ${JSON.stringify(await h.store.listRiskEvents('paper', 3))}`,
      ).toBe(true);
      if (entry.status === 'FILLED') break;
    }
    const children = await lists.listLists({
      mode: 'paper',
      parentListClientOrderId: out.listClientOrderId,
      limit: 100,
    });
    expect(children.length).toBeGreaterThan(0);
    expect(partialSeen, 'the entry filled in parts').toBe(true);
    expect(children.length).toBeGreaterThan(1);
  }, 120_000);

  it('a restart between an entry fill and its OCO then the next start places the missing OCO (restart mid-bracket)', async () => {
    const store = await openStore({ url: 'sqlite::memory:', dataDir: '/tmp' });
    extra.push(store);
    // The first process dies right when it would journal the bracket's OCO: nothing of it is written or sent.
    const dying = new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'recordList')
          return async (list: OrderListRecord) => {
            if (list.parentListClientOrderId !== undefined) throw new Error('the process died here');
            return target.recordList(list);
          };
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as Store & IdSequence & OrderListJournal;
    const first = await paperDesk({ balances: 'USD:100000', store: dying });
    const p = await last(first);
    const out = await first.desk.trading
      .placeBracket({
        symbol: 'BTCUSD',
        side: 'BUY',
        quantity: '0.02',
        takeProfitPrice: p.times('1.05').toFixed(2),
        stopPrice: p.times('0.95').toFixed(2),
        actionId: 'br-restart',
        origin: 'test',
      })
      .catch((error: unknown) => error);
    expect(String(out)).toMatch(/the process died here/);
    await first.close();
    const bracketId = (await store.listLists({ mode: 'paper', kind: 'BRACKET' }))[0]!;
    expect(bracketId.status).toBe('EXECUTING');
    expect(await store.listLists({ mode: 'paper', parentListClientOrderId: bracketId.listClientOrderId })).toHaveLength(
      0,
    );

    h = await paperDesk({ balances: 'USD:100000', store });
    const children = await store.listLists({ mode: 'paper', parentListClientOrderId: bracketId.listClientOrderId });
    expect(children.map((c) => c.status)).toEqual(['EXECUTING']);
    const entry = (await store.findOrder('paper', bracketId.entryClientOrderId!))!;
    expect(new Big(children[0]!.quantity).lte(entry.executedQty)).toBe(true);
    expect(new Big(entry.executedQty).minus(children[0]!.quantity).lt('0.0001')).toBe(true);
    expect(await h.desk.broker.openOrderLists('BTCUSD')).toHaveLength(1);
  });

  it('cancelOrderList on a bracket then its OCOs are canceled and the note says the filled part is unprotected', async () => {
    h = await paperDesk({ balances: 'USD:100000' });
    const p = await last(h);
    const out = await h.desk.trading.placeBracket({
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.02',
      takeProfitPrice: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      actionId: 'br-c',
      origin: 'test',
    });
    const canceled = await h.desk.trading.cancelOrderList({
      symbol: 'BTCUSD',
      listClientOrderId: out.listClientOrderId,
      origin: 'test',
    });
    expect(canceled.status).toBe('canceled');
    expect(canceled.list!.status).toBe('CANCELED');
    expect(canceled.note).toMatch(/no take-profit or stop any more/);
    expect(await h.desk.broker.openOrderLists('BTCUSD')).toHaveLength(0);
  });
});
