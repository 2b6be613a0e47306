/**
 * A live-mode MCP session end to end: the real app (createApp, TRADING_MODE=live) against the fake
 * Binance.US, a real SDK v2 client over the in-memory transport, the human confirming the switch to
 * live through elicitation. List markets, switch, preview, place, fill, cancel, account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposedApp } from '../../src/compose/app.js';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { Big, str } from '../../src/model/money.js';
import { connectInMemory, structured, textOf } from '../support/mcp-clients.js';
import { totals } from './journal-audit.js';
import { liveApp, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

let venue: LiveVenue;
let handle: LiveAppHandle;
let app: ComposedApp;

beforeAll(async () => {
  venue = await startLiveVenue();
  handle = await liveApp(
    venue.fake,
    { recvWindow: 2000, timeoutMs: 3000, pollIntervalMs: 500 },
    { LIVE_REQUIRES_CONFIRMATION: 'true' },
  );
  app = await handle.open();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await venue?.close();
  await handle?.remove();
});

describe.each(['modern', 'legacy'] as const)('a live MCP session over the %s era', (era) => {
  it("list markets, switch to live with the human's yes, preview, place, a resting order fills, cancel, account: all on the exchange", async () => {
    const asked: string[] = [];
    const client = await connectInMemory(createMcpServerFactory(app), {
      era,
      elicit: (message) => {
        asked.push(message);
        return { action: 'accept', content: { confirm: true } };
      },
    });
    const call = async (name: string, args: Data = {}): Promise<Data> => {
      const result = await client.callTool({ name, arguments: args });
      expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
      return structured<Data>(result);
    };
    const { fake } = venue;
    const placedBefore = fake.stats.ordersPlaced;
    try {
      const markets = await call('list_markets', { quote_asset: 'USD', search: 'BTC' });
      expect(markets.rows.map((m: unknown[]) => m[0])).toContain('BTCUSD');
      expect(await call('get_trading_mode')).toMatchObject({ mode: 'paper', liveAvailable: true });

      expect(await call('set_trading_mode', { mode: 'live' })).toMatchObject({
        mode: 'live',
        previousMode: 'paper',
        confirmedBy: 'client-confirmed',
      });
      expect(asked).toHaveLength(1);

      const buy = { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quote_quantity: '60' };
      const preview = await call('preview_order', buy);
      expect(preview).toMatchObject({ mode: 'live', symbol: 'BTCUSD', wouldRest: false, risk: { allowed: true } });
      expect(preview.wouldBeRejected).toBeUndefined();
      expect(fake.stats.ordersPlaced).toBe(placedBefore);

      const bought = await call('place_order', {
        ...buy,
        action_id: `mcp-${era}-buy`,
        rationale: 'end-to-end live session',
      });
      expect(bought).toMatchObject({ mode: 'live', status: 'placed', duplicate: false, order: { status: 'FILLED' } });
      expect(bought.fills.length).toBeGreaterThan(0);
      const onExchange = await venue.broker.getOrder('BTCUSD', { clientOrderId: bought.clientOrderId });
      expect(onExchange).toMatchObject({
        status: 'FILLED',
        orderId: bought.order.orderId,
        executedQty: expect.any(String),
      });
      expect(new Big(onExchange!.executedQty).eq(bought.order.executedQty)).toBe(true);

      // A BUY 10 bps under the best bid rests (the wall-clock market keeps moving, so not closer),
      // and fills when the market prints a trade below it.
      const book = await venue.market.orderBook('BTCUSD', 5);
      const restingPrice = str(new Big(book.bids[0][0]).times('0.999').round(2, Big.roundDown));
      const resting = await call('place_order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'LIMIT',
        quantity: '0.0002',
        price: restingPrice,
        time_in_force: 'GTC',
        action_id: `mcp-${era}-rest`,
      });
      expect(resting).toMatchObject({ mode: 'live', status: 'placed', order: { status: 'NEW' } });
      await venue.printTrade('BTCUSD', str(new Big(restingPrice).minus('0.01')), '1');
      await expect
        .poll(
          async () => {
            const orders = await call('get_orders', { symbol: 'BTCUSD', limit: 20 });
            return orders.orders.find((o: Data) => o.clientOrderId === resting.clientOrderId)?.status;
          },
          { timeout: 10_000, interval: 100 },
        )
        .toBe('FILLED');
      const history = await call('get_trade_history', { symbol: 'BTCUSD', limit: 50 });
      const restingFills = history.fills.filter((f: Data) => f.clientOrderId === resting.clientOrderId);
      expect(restingFills.length).toBeGreaterThan(0);
      expect(restingFills.every((f: Data) => f.isMaker === true && f.price === restingPrice)).toBe(true);

      const farBelow = str(new Big(book.bids[0][0]).times(0.9).round(2, Big.roundDown));
      const toCancel = await call('place_order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'LIMIT',
        quantity: '0.0002',
        price: farBelow,
        time_in_force: 'GTC',
        action_id: `mcp-${era}-cancel`,
      });
      expect(toCancel).toMatchObject({ status: 'placed', order: { status: 'NEW' } });
      expect(await call('cancel_order', { symbol: 'BTCUSD', action_id: `mcp-${era}-cancel` })).toMatchObject({
        mode: 'live',
        status: 'canceled',
      });
      expect((await venue.broker.getOrder('BTCUSD', { clientOrderId: toCancel.clientOrderId }))?.status).toBe(
        'CANCELED',
      );

      const account = await call('get_account');
      expect(account.mode).toBe('live');
      expect(totals(account.balances as never)).toEqual(totals(await venue.broker.balances()));
      expect(account.positions.map((p: Data) => p.asset)).toContain('BTC');

      expect(fake.stats.ordersPlaced - placedBefore).toBe(3);
      expect(fake.stats.duplicateOrders).toBe(0);
      expect(await app.store.findDecision('live', bought.clientOrderId)).toMatchObject({
        rationale: 'end-to-end live session',
      });
    } finally {
      await client.close();
    }
  }, 60_000);
});
