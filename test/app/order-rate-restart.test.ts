/**
 * Issue 9 item 6 (part): the per-minute order count started from zero after a restart, so a loop
 * that restarts the server could place MAX_ORDERS_PER_MINUTE orders again at once. Through REST on
 * the real app, restarted on the same journal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restDesk, type RestDesk } from './rest-desk.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const buy = { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quantity: '0.001' };

describe('MAX_ORDERS_PER_MINUTE across a restart (REST /mcp/actions, real app)', () => {
  it('when the server restarts within the minute then the orders placed before the restart still count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'binance-mcp-rate-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const settings = { MAX_ORDERS_PER_MINUTE: '2' };
    const before = await restDesk(settings, { dir });
    expect((await before.trade('one', buy)).status).toBe('placed');
    expect((await before.trade('two', buy)).status).toBe('placed');
    await before.close();

    const after: RestDesk = await restDesk(settings, { dir });
    cleanups.push(() => after.close());
    expect((await after.app.desks.paper.riskStatus()).ordersInLastMinute).toBe(2);
    const third = await after.trade('three', buy);
    expect(third.status, JSON.stringify(third)).toBe('denied');
    expect(third.error.code).toBe('MAX_ORDERS_PER_MINUTE_EXCEEDED');
  }, 60_000);
});
