/**
 * Issue 9 item 5: orders outlive their caller. Attack: while the account is busy (here: the journal
 * stalls on one order), a burst of orders waits on the account lock with no deadline and executes
 * long after the caller gave up; and nothing bounds how many wait. Through MCP and REST-style
 * arguments (deadline_ms) on the real paper desk.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import type { Execution, Store } from '../../src/ports/store.js';
import { openStore } from '../../src/store/index.js';
import { deskApp, type DeskApp, type Json } from './desk-app.js';
import { restDesk } from './rest-desk.js';

let d: DeskApp | undefined;
let store: Store | undefined;
afterEach(async () => {
  await d?.close();
  await store?.close();
  d = undefined;
  store = undefined;
});

/** The SQLite journal, except that journaling the venue's answer to one order waits until the test opens the gate (a stalled journal). */
async function stallingStore(stalledClientOrderId: string) {
  const real = await openStore({ url: 'sqlite::memory:', dataDir: '/tmp' });
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let stalled!: () => void;
  const reached = new Promise<void>((resolve) => (stalled = resolve));
  const wrapped = new Proxy(real, {
    get(target, property, receiver) {
      if (property === 'recordExecution') {
        return async (execution: Execution) => {
          if (execution.order.clientOrderId === stalledClientOrderId) {
            stalled();
            await gate;
          }
          return target.recordExecution(execution);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, real, reached, open };
}

const buy = (id: string, extra: Json = {}) => ({
  symbol: 'BTCUSD',
  side: 'BUY',
  order_type: 'MARKET',
  quantity: '0.001',
  action_id: id,
  ...extra,
});

describe('order deadlines and a bounded queue (MCP place_order, real paper desk)', () => {
  it('when orders wait for a busy account past ORDER_DEADLINE_MS then they are not sent, say expired, and nothing executes', async () => {
    const s = await stallingStore(clientOrderIdFor('slow'));
    store = s.real;
    d = await deskApp({ store: s.store, limits: { orderDeadlineMs: 10_000 } });
    const slow = d.call('place_order', buy('slow'));
    await s.reached;
    const waiting = Array.from({ length: 5 }, (_, i) => d!.call('place_order', buy(`burst-${i}`)));
    const short = d.call('place_order', buy('short', { deadline_ms: 500 }));
    await expect.poll(() => d!.h.desk.trading.queuedOrders).toBe(6);
    // The caller gives up after 10 s; the account frees up later.
    d.h.clock.advance(10_001);
    s.open();
    expect((await slow).status).toBe('placed');
    const answers = await Promise.all([...waiting, short]);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer)).toBe('expired');
      expect(answer.summary).toMatch(/not sent.*nothing was executed/);
      expect(answer.order.status).toBe('EXPIRED');
    }
    expect(await d.h.store.listFills({ mode: 'paper', limit: 100 })).toHaveLength(1);
    const retry = await d.call('place_order', buy('burst-0'));
    expect(retry).toMatchObject({ status: 'expired', duplicate: true });
  }, 60_000);

  it('when deadline_ms asks for more than ORDER_DEADLINE_MS then the operator default still bounds it', async () => {
    const s = await stallingStore(clientOrderIdFor('slow'));
    store = s.real;
    d = await deskApp({ store: s.store, limits: { orderDeadlineMs: 2_000 } });
    const slow = d.call('place_order', buy('slow'));
    await s.reached;
    const patient = d.call('place_order', buy('patient', { deadline_ms: 600_000 }));
    await expect.poll(() => d!.h.desk.trading.queuedOrders).toBe(1);
    d.h.clock.advance(2_001);
    s.open();
    await slow;
    expect((await patient).status).toBe('expired');
  }, 60_000);

  it('when ORDER_QUEUE_LIMIT orders already wait then one more is refused at once, saying why', async () => {
    const s = await stallingStore(clientOrderIdFor('slow'));
    store = s.real;
    d = await deskApp({ store: s.store, limits: { orderQueueLimit: 3 } });
    const slow = d.call('place_order', buy('slow'));
    await s.reached;
    const queued = Array.from({ length: 3 }, (_, i) => d!.call('place_order', buy(`q-${i}`)));
    await expect.poll(() => d!.h.desk.trading.queuedOrders).toBe(3);
    const extra = Array.from({ length: 2 }, (_, i) => d!.call('place_order', buy(`extra-${i}`)));
    // Refused while the account is still busy: answered without waiting for it.
    const refused = await Promise.race([
      Promise.all(extra),
      new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5_000).unref()),
    ]);
    expect(refused).not.toBe('still waiting');
    for (const answer of refused as Json[]) {
      expect(answer.status).toBe('denied');
      expect(answer.summary).toMatch(/ORDER_QUEUE_FULL ORDER_QUEUE_LIMIT is 3; 3 orders are already waiting/);
    }
    s.open();
    await slow;
    for (const answer of await Promise.all(queued)) expect(answer.status).toBe('placed');
    expect((await d.h.store.listRiskEvents('paper')).filter((e) => e.code === 'ORDER_QUEUE_FULL')).toHaveLength(2);
  }, 60_000);

  it('place_order when deadline_ms is not a whole number of milliseconds from 1 to 600000 then isError names deadline_ms', async () => {
    d = await deskApp();
    for (const bad of [0, -5, 1.5, 600_001, '100']) {
      const result = await d.callRaw('place_order', buy(`bad-${String(bad)}`, { deadline_ms: bad }));
      expect(result.isError, String(bad)).toBe(true);
      expect(result.text).toMatch(/deadline_ms/);
    }
  }, 60_000);
});

describe('deadline_ms on POST /mcp/actions (real app)', () => {
  it('when a trade_order carries deadline_ms then it is taken, and a bad value is a 400 naming the field', async () => {
    const rest = await restDesk();
    try {
      const placed = await rest.trade('with-deadline', {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'MARKET',
        quantity: '0.001',
        deadline_ms: 600_000,
      });
      expect(placed.status).toBe('placed');
      await expect(
        rest.trade('bad-deadline', {
          symbol: 'BTCUSD',
          side: 'BUY',
          order_type: 'MARKET',
          quantity: '0.001',
          deadline_ms: 0,
        }),
      ).rejects.toThrow(/400.*actions\[0\]\.action\.deadline_ms/);
    } finally {
      await rest.close();
    }
  }, 60_000);
});
