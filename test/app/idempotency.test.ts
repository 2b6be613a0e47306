/**
 * Issue 9 item 4: idempotency that cannot lie. Attacks, through REST and MCP on the real app:
 * a reused action id with a different order silently answered the old order; an action id equal to
 * another order's hashed client id found that order; retrying the action id of an order that crash
 * recovery marked EXPIRED answered "placed, success: true" though nothing executed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { connectInMemory, structured, textOf } from '../support/mcp-clients.js';
import { restDesk, type Json, type RestDesk } from './rest-desk.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function desk(settings: Record<string, string> = {}, options: { dir?: string } = {}): Promise<RestDesk> {
  const d = await restDesk(settings, options);
  cleanups.push(() => d.close());
  return d;
}

const btcBuy = { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quantity: '0.001' };

describe('idempotency that cannot lie (REST /mcp/actions and MCP place_order, real app)', () => {
  it('when an action id used for a BTCUSD buy comes back with a SOLUSD buy then the answer is an error naming the earlier order, and nothing is placed', async () => {
    const d = await desk();
    const first = await d.trade('reused-1', btcBuy);
    expect(first.status).toBe('placed');
    const other = await d.trade('reused-1', { symbol: 'SOLUSD', side: 'BUY', order_type: 'MARKET', quantity: '1' });
    expect(other.status, JSON.stringify(other)).toBe('invalid');
    expect(other.success).toBe(false);
    expect(other.error.field).toBe('action_id');
    expect(other.error.message).toContain('BUY 0.001 BTCUSD MARKET');
    expect(other.error.message).toContain(first.order.orderId);
    expect(await d.held('SOL')).toBe('0');

    const client = await connectInMemory(createMcpServerFactory(d.app), { era: 'modern' });
    cleanups.push(() => client.close());
    const viaMcp = await client.callTool({
      name: 'place_order',
      arguments: { ...btcBuy, quantity: '0.002', action_id: 'reused-1' },
    });
    expect(viaMcp.isError, textOf(viaMcp)).toBe(true);
    expect(textOf(viaMcp)).toMatch(/action_id.*already used for BUY 0\.001 BTCUSD MARKET/);
    const retry = structured<Json>(
      await client.callTool({ name: 'place_order', arguments: { ...btcBuy, action_id: 'reused-1' } }),
    );
    expect(retry).toMatchObject({ status: 'placed', duplicate: true });
    expect(retry.order.orderId).toBe(first.order.orderId);
  }, 60_000);

  it('when an action id equals the client id another action id was hashed to then it is a new order, not the other one', async () => {
    const d = await desk();
    const hashed = await d.trade('hashed:because/of.punctuation', btcBuy);
    expect(hashed.status).toBe('placed');
    const lookalike = await d.trade(hashed.client_order_id, btcBuy);
    expect(lookalike.status, JSON.stringify(lookalike)).toBe('placed');
    expect(lookalike.duplicate).toBe(false);
    expect(lookalike.order.orderId).not.toBe(hashed.order.orderId);
  }, 60_000);

  it('when an order journaled by an older build under its raw action id is retried then the first order is returned, not placed again', async () => {
    const d = await desk();
    const first = await d.trade('legacy-1', btcBuy);
    expect(first.status).toBe('placed');
    // Older builds used the action id itself as the client order id: journal the same order that way.
    const now = d.app.clock.now();
    await d.app.store.recordIntent({
      mode: 'paper',
      orderId: null,
      clientOrderId: 'legacy-2',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      origQty: '0.001',
      executedQty: '0',
      cummulativeQuoteQty: '0',
      status: 'PENDING',
      createdAt: now,
      updatedAt: now,
      origin: 'rest',
    });
    await d.app.store.markOrder('paper', 'legacy-2', 'FILLED', 'filled by an older build', now);
    const held = await d.held('BTC');
    const retry = await d.trade('legacy-2', btcBuy);
    expect(retry.duplicate, JSON.stringify(retry)).toBe(true);
    expect(retry.client_order_id ?? retry.order.clientOrderId).toBe('legacy-2');
    expect(await d.held('BTC')).toBe(held);
  }, 60_000);

  it('when the action id of an order crash recovery marked EXPIRED is retried then the answer is expired and says nothing executed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'binance-mcp-crashed-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const before = await restDesk({}, { dir });
    // The process dies after step 5 of the one road (the intent is journaled) and before the venue answers.
    const now = before.app.clock.now();
    await before.app.store.recordIntent({
      mode: 'paper',
      orderId: null,
      clientOrderId: clientOrderIdFor('crashed-1'),
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      origQty: '0.001',
      executedQty: '0',
      cummulativeQuoteQty: '0',
      status: 'PENDING',
      createdAt: now,
      updatedAt: now,
      origin: 'rest',
    });
    await before.close();

    const after = await desk({}, { dir });
    const retry = await after.trade('crashed-1', btcBuy);
    expect(retry.status, JSON.stringify(retry)).toBe('expired');
    expect(retry.success).toBe(false);
    expect(retry.duplicate).toBe(true);
    expect(retry.error.message).toMatch(/nothing was executed/);
    expect(await after.held('BTC')).toBe('0');
  }, 60_000);

  it('when the action id of a rejected order is retried then the answer is rejected again with the venue code, not placed', async () => {
    const d = await desk();
    const tooBig = { symbol: 'BTCUSD', side: 'BUY', order_type: 'LIMIT', quantity: '5', price: '1000' };
    const first = await d.trade('too-big', tooBig);
    expect(first.status).toBe('rejected');
    const again = await d.trade('too-big', tooBig);
    expect(again).toMatchObject({
      status: 'rejected',
      success: false,
      duplicate: true,
      error: { binance_code: first.error.binance_code },
    });
  }, 60_000);
});
