/**
 * OCOs and brackets on the one road in LIVE mode: the real application (createApp, TRADING_MODE=live)
 * over REST and the user-data stream to the fake Binance.US, whose venue is a simulated broker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TradingDesk } from '../../src/app/api.js';
import type { ComposedApp } from '../../src/compose/app.js';
import { Big } from '../../src/model/money.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import { liveApp, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';

let venue: LiveVenue | undefined;
let handle: LiveAppHandle | undefined;
let app: ComposedApp | undefined;
afterEach(async () => {
  await app?.close();
  await venue?.close();
  await handle?.remove();
  app = venue = handle = undefined;
});

const BALANCES = [{ asset: 'USD', free: '100000', locked: '0' }];

async function liveDesk(): Promise<TradingDesk> {
  venue = await startLiveVenue({ balances: BALANCES });
  handle = await liveApp(venue.fake, {});
  app = await handle.open();
  return app.desks.live as TradingDesk;
}

/** The composition root's journal is the Kysely store, which journals order lists too. */
const lists = () => app!.store as unknown as OrderListJournal;

async function last(symbol = 'BTCUSD'): Promise<Big> {
  return new Big((await venue!.market.prices([symbol]))[0]!.price);
}

async function listStatus(desk: TradingDesk, listClientOrderId: string) {
  const views = await desk.orderLists({ symbol: 'BTCUSD' });
  const view = views.find((v) => v.list.listClientOrderId === listClientOrderId);
  return view && { status: view.list.status, legs: view.orders.map((o) => [o.type, o.status]) };
}

describe('OCO and brackets in live mode over the fake Binance.US', () => {
  it('place_oco live then the list is journaled with the venue ids, and a market move filling one leg ends the list and expires the other in the journal', async () => {
    const desk = await liveDesk();
    const bought = await desk.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.0101',
      actionId: 'buy-1',
      origin: 'test',
    });
    expect(bought.status, JSON.stringify(bought)).toBe('placed');
    const p = await last();
    const out = await desk.placeOco({
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      stopLimitPrice: p.times('0.949').toFixed(2),
      actionId: 'oco-live-1',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    expect(out.mode).toBe('live');
    const onVenue = await venue!.broker.openOrderLists('BTCUSD');
    expect(onVenue).toHaveLength(1);
    expect(out.list).toMatchObject({
      kind: 'OCO',
      status: 'EXECUTING',
      orderListId: onVenue[0]!.orderListId,
      listClientOrderId: onVenue[0]!.listClientOrderId,
    });
    const venueLegs = new Map(onVenue[0]!.orders.map((o) => [o.clientOrderId, o.orderId]));
    expect(out.orders.map((o) => [o.type, o.status, o.orderListId, o.orderId])).toEqual(
      expect.arrayContaining([
        ['LIMIT_MAKER', 'NEW', onVenue[0]!.orderListId, expect.any(String)],
        ['STOP_LOSS_LIMIT', 'NEW', onVenue[0]!.orderListId, expect.any(String)],
      ]),
    );
    for (const o of out.orders) expect(o.orderId).toBe(venueLegs.get(o.clientOrderId));

    await venue!.printTrade('BTCUSD', p.times('1.06').toFixed(2), '1');
    await expect
      .poll(() => listStatus(desk, out.listClientOrderId), { timeout: 10_000, interval: 50 })
      .toEqual({
        status: 'ALL_DONE',
        legs: expect.arrayContaining([
          ['LIMIT_MAKER', 'FILLED'],
          ['STOP_LOSS_LIMIT', 'EXPIRED'],
        ]),
      });
    expect(await venue!.broker.openOrderLists('BTCUSD')).toHaveLength(0);
    expect(await app!.store.listOrders({ mode: 'live', symbol: 'BTCUSD', openOnly: true })).toEqual([]);
  }, 30_000);

  it('a live bracket with a MARKET entry then the OCO on the venue covers what arrived and is journaled as the bracket child', async () => {
    const desk = await liveDesk();
    const p = await last();
    const out = await desk.placeBracket({
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.02',
      takeProfitPrice: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      actionId: 'br-live-1',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    expect(out.list).toMatchObject({ kind: 'BRACKET', status: 'EXECUTING' });
    const entry = (await app!.store.findOrder('live', out.list!.entryClientOrderId!))!;
    expect(entry.status).toBe('FILLED');
    const onVenue = await venue!.broker.openOrderLists('BTCUSD');
    expect(onVenue).toHaveLength(1);
    const children = await lists().listLists({ mode: 'live', parentListClientOrderId: out.listClientOrderId });
    expect(children.map((c) => [c.status, c.orderListId, c.listClientOrderId])).toEqual([
      ['EXECUTING', onVenue[0]!.orderListId, onVenue[0]!.listClientOrderId],
    ]);
    // What arrived: the entry's executed quantity less any commission taken in BTC, rounded down to the lot step.
    const btc = (await venue!.broker.balances()).find((b) => b.asset === 'BTC')!;
    const held = new Big(btc.free).plus(btc.locked);
    const covered = new Big(children[0]!.quantity);
    expect(covered.lte(held)).toBe(true);
    expect(held.minus(covered).lt('0.0001')).toBe(true);
    expect(covered.lte(entry.executedQty)).toBe(true);
    const legs = onVenue[0]!.orders.map((o) => o.clientOrderId).sort();
    expect([children[0]!.limitClientOrderId, children[0]!.stopClientOrderId].sort()).toEqual(legs);
  }, 30_000);

  it('cancel_order_list live by the venue id of an OCO then both legs are canceled on the venue and in the journal, and the BTC is free again', async () => {
    const desk = await liveDesk();
    const bought = await desk.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.0101',
      actionId: 'buy-c',
      origin: 'test',
    });
    expect(bought.status, JSON.stringify(bought)).toBe('placed');
    const p = await last();
    const placed = await desk.placeOco({
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      actionId: 'oco-live-c',
      origin: 'test',
    });
    expect(placed.status, JSON.stringify(placed)).toBe('placed');
    const btcLocked = () => venue!.broker.balances().then((b) => b.find((x) => x.asset === 'BTC')!.locked);
    expect(await btcLocked()).toBe('0.01');

    const canceled = await desk.cancelOrderList({
      symbol: 'BTCUSD',
      orderListId: placed.list!.orderListId!,
      origin: 'test',
    });
    expect(canceled.status, JSON.stringify(canceled)).toBe('canceled');
    expect(canceled.list).toMatchObject({ status: 'ALL_DONE', listClientOrderId: placed.listClientOrderId });
    expect(canceled.orders.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
    expect(await venue!.broker.openOrderLists('BTCUSD')).toHaveLength(0);
    expect(new Big(await btcLocked()).eq(0)).toBe(true);
    expect(await listStatus(desk, placed.listClientOrderId)).toEqual({
      status: 'ALL_DONE',
      legs: [
        [expect.any(String), 'CANCELED'],
        [expect.any(String), 'CANCELED'],
      ],
    });
    // A second cancel is refused by the venue's answer, naming the list; nothing changes.
    const again = await desk.cancelOrderList({
      symbol: 'BTCUSD',
      listClientOrderId: placed.listClientOrderId,
      origin: 'test',
    });
    expect(again).toMatchObject({ status: 'rejected', rejection: { code: -2011 }, list: { status: 'ALL_DONE' } });
  }, 30_000);

  it('cancel_order_list live on a bracket then its OCO is canceled on the venue and the bracket ends', async () => {
    const desk = await liveDesk();
    const p = await last();
    const out = await desk.placeBracket({
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.02',
      takeProfitPrice: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      actionId: 'br-live-c',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    expect(await venue!.broker.openOrderLists('BTCUSD')).toHaveLength(1);
    const canceled = await desk.cancelOrderList({
      symbol: 'BTCUSD',
      listClientOrderId: out.listClientOrderId,
      origin: 'test',
    });
    expect(canceled.status, JSON.stringify(canceled)).toBe('canceled');
    expect(canceled.list!.status).toBe('CANCELED');
    expect(canceled.note).toMatch(/no take-profit or stop any more/);
    expect(await venue!.broker.openOrderLists('BTCUSD')).toHaveLength(0);
    const children = await lists().listLists({ mode: 'live', parentListClientOrderId: out.listClientOrderId });
    expect(children.map((c) => c.status)).toEqual(['ALL_DONE']);
    expect(await app!.store.listOrders({ mode: 'live', symbol: 'BTCUSD', openOnly: true })).toEqual([]);
  }, 30_000);

  it('a live bracket when the market falls through its stop then the stop leg sells, the take-profit expires, and the bracket ends in the journal', async () => {
    const desk = await liveDesk();
    const p = await last();
    const stop = p.times('0.95');
    const out = await desk.placeBracket({
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.02',
      takeProfitPrice: p.times('1.05').toFixed(2),
      stopPrice: stop.toFixed(2),
      stopLimitPrice: p.times('0.94').toFixed(2),
      actionId: 'br-live-stop',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    // The stop triggers on a print at or below it; the triggered limit SELL then takes the book.
    await venue!.printTrade('BTCUSD', stop.times('0.999').toFixed(2), '1');
    await expect
      .poll(async () => (await lists().findList('live', out.listClientOrderId))?.status, {
        timeout: 10_000,
        interval: 50,
      })
      .toBe('ALL_DONE');
    // One OCO only: the list ends when the stop triggers, and the triggered leg still covers the position while it sells.
    const children = await lists().listLists({ mode: 'live', parentListClientOrderId: out.listClientOrderId });
    expect(children.map((c) => [c.status, c.reason ?? null])).toEqual([['ALL_DONE', null]]);
    const child = children[0];
    const stopLeg = (await app!.store.findOrder('live', child!.stopClientOrderId!))!;
    const limitLeg = (await app!.store.findOrder('live', child!.limitClientOrderId!))!;
    expect([limitLeg.status, stopLeg.status]).toEqual(['EXPIRED', 'FILLED']);
    expect(stopLeg.executedQty).toBe(child!.quantity);
    const onVenue = await venue!.broker.getOrder('BTCUSD', { clientOrderId: stopLeg.clientOrderId });
    expect(onVenue!.status).toBe('FILLED');
    expect(await venue!.broker.openOrderLists('BTCUSD')).toHaveLength(0);
  }, 30_000);

  it('a live bracket when its LIMIT entry fills in parts then after every part the filled quantity is covered by OCOs on the venue', async () => {
    const desk = await liveDesk();
    const p = await last();
    const entryPrice = p.times('0.99').round(2, Big.roundDown);
    const out = await desk.placeBracket({
      symbol: 'BTCUSD',
      side: 'BUY',
      quantity: '0.03',
      orderType: 'LIMIT',
      price: entryPrice.toFixed(2),
      takeProfitPrice: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      actionId: 'br-live-parts',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    const entryId = out.list!.entryClientOrderId!;
    const coveredOnVenue = async () => {
      const open = await venue!.broker.openOrderLists('BTCUSD');
      return open.reduce((sum, l) => sum.plus(l.orders[0]!.origQty), new Big(0));
    };
    const executed: string[] = [];
    for (const part of ['1', '2', '3']) {
      await venue!.printTrade('BTCUSD', entryPrice.minus('0.01').toFixed(2), '0.01');
      await expect
        .poll(
          async () => {
            const entry = (await app!.store.findOrder('live', entryId))!;
            const btc = (await venue!.broker.balances()).find((b) => b.asset === 'BTC');
            const held = btc ? new Big(btc.free).plus(btc.locked) : new Big(0);
            const covered = await coveredOnVenue();
            return {
              part,
              filled: new Big(entry.executedQty).gt(0),
              coveredWithinAStep: held.gt(0) && covered.lte(held) && held.minus(covered).lt('0.00001'),
            };
          },
          { timeout: 10_000, interval: 50 },
        )
        .toEqual({ part, filled: true, coveredWithinAStep: true });
      executed.push((await app!.store.findOrder('live', entryId))!.executedQty);
    }
    // It did fill in parts: each print filled some of it, the last one the rest.
    expect(executed.map((q) => new Big(q).lt('0.03'))).toEqual([true, true, false]);
    const entry = (await app!.store.findOrder('live', entryId))!;
    expect(entry.status).toBe('FILLED');
    // The venue holds the last OCO before its answer is journaled (PENDING until then): wait for the journal.
    await expect
      .poll(
        async () =>
          (await lists().listLists({ mode: 'live', parentListClientOrderId: out.listClientOrderId })).map(
            (c) => c.status,
          ),
        { timeout: 10_000, interval: 50 },
      )
      .toEqual(['EXECUTING', 'EXECUTING', 'EXECUTING']);
  }, 60_000);

  it('place_oco live with a trailing stop leg then the venue holds the trailing delta and the journal shows it on the list and the stop leg', async () => {
    const desk = await liveDesk();
    const bought = await desk.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '0.0101',
      actionId: 'buy-t',
      origin: 'test',
    });
    expect(bought.status, JSON.stringify(bought)).toBe('placed');
    const p = await last();
    const out = await desk.placeOco({
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: p.times('1.05').toFixed(2),
      stopPrice: p.times('0.95').toFixed(2),
      trailingDelta: 100,
      actionId: 'oco-live-t',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    expect(out.list!.trailingDelta).toBe(100);
    const stopLeg = out.orders.find((o) => o.type === 'STOP_LOSS_LIMIT')!;
    expect(stopLeg.trailingDelta).toBe(100);
    const onVenue = await venue!.broker.getOrder('BTCUSD', { clientOrderId: stopLeg.clientOrderId });
    expect(onVenue).toMatchObject({ status: 'NEW', trailingDelta: 100, orderListId: out.list!.orderListId });
  }, 30_000);
});
