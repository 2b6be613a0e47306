/**
 * Idempotency as a property: client ids derived from action ids are valid Binance ids, stable, and
 * never shared by two action ids (nor by an action id and the id made for another); and through the
 * real trading service, any sequence of orders over a few action ids gives one order per action id,
 * retries returning it and different orders under a used action id refused, naming it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import { paperDesk } from '../support/paper-desk.js';

const printable = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 128,
});
const readable = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-'.split('')), minLength: 1, maxLength: 40 });
const actionIdArb = fc.oneof(
  printable,
  readable,
  readable.map((s) => `bmh-${s}`),
  readable.map((s) => `bma-${s}`),
);

describe('client ids from action ids', () => {
  it('clientOrderIdFor when given any two different action ids then gives two different valid, stable Binance client ids', () => {
    fc.assert(
      fc.property(actionIdArb, actionIdArb, (a, b) => {
        const [ia, ib] = [clientOrderIdFor(a), clientOrderIdFor(b)];
        expect(ia).toMatch(/^[A-Za-z0-9_-]{1,36}$/);
        expect(clientOrderIdFor(a)).toBe(ia);
        if (a !== b) expect(ia).not.toBe(ib);
        // An action id that spells the id made for another action id never reaches that id.
        expect(clientOrderIdFor(ia)).not.toBe(ia);
      }),
      { numRuns: 2000 },
    );
  });
});

const ORDERS = [
  { symbol: 'BTCUSD', side: 'BUY', orderType: 'MARKET', quantity: '0.001' },
  { symbol: 'BTCUSD', side: 'BUY', orderType: 'MARKET', quantity: '0.002' },
  { symbol: 'ETHUSD', side: 'BUY', orderType: 'MARKET', quantity: '0.01' },
  { symbol: 'ETHUSD', side: 'BUY', orderType: 'LIMIT', quantity: '0.01', price: '1000' },
  { symbol: 'ETHUSD', side: 'BUY', orderType: 'LIMIT', quantity: '0.0100', price: '1000.00' },
] as const;
/** Orders 3 and 4 are the same order written differently. */
const sameOrder = (a: number, b: number) => a === b || (a >= 3 && b >= 3);

describe('repeated action ids through the real trading service', () => {
  it('when random orders are sent under a few action ids then each action id places one order, retries return it, and other orders under it are refused naming it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ action: fc.constantFrom('a1', 'a2', 'bma-a1', 'x:y'), order: fc.nat(ORDERS.length - 1) }),
          { minLength: 1, maxLength: 10 },
        ),
        async (steps) => {
          const h = await paperDesk();
          try {
            const first = new Map<string, { order: number; orderId: string | null | undefined; status: string }>();
            for (const step of steps) {
              const outcome = await h.desk.trading.placeOrder({
                ...ORDERS[step.order],
                actionId: step.action,
                origin: 'property',
              });
              const seen = first.get(step.action);
              if (!seen) {
                expect(outcome.status, JSON.stringify(outcome)).toBe('placed');
                expect(outcome.duplicate).toBe(false);
                first.set(step.action, { order: step.order, orderId: outcome.order?.orderId, status: outcome.status });
              } else if (sameOrder(seen.order, step.order)) {
                expect(outcome.duplicate).toBe(true);
                expect(outcome.status).toBe(seen.status);
                expect(outcome.order?.orderId).toBe(seen.orderId);
              } else {
                expect(outcome.status).toBe('invalid');
                expect(outcome.error?.field).toBe('action_id');
                expect(outcome.error?.message).toContain(`order ${seen.orderId},`);
              }
            }
            expect(await h.store.listOrders({ mode: 'paper', limit: 1000 })).toHaveLength(first.size);
          } finally {
            await h.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});
