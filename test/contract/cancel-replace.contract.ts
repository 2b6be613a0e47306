/**
 * Broker.cancelReplace (POST /api/v3/order/cancelReplace), the same against the simulated broker
 * and the live broker over the fake: both halves done; STOP_ON_FAILURE stopping at a failed cancel;
 * ALLOW_FAILURE placing anyway; the new order refused after the cancel; its filters refusing first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeRejection } from '../../src/model/errors.js';
import type { OrderRequest } from '../../src/model/order.js';
import type { BrokerHarness } from './broker.contract.js';

const tag = () => Math.random().toString(36).slice(2, 10);

export function runCancelReplaceContract(name: string, make: () => Promise<BrokerHarness>): void {
  describe(`cancelReplace contract: ${name}`, () => {
    let h: BrokerHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    const bid = (price: string, clientOrderId = `cr${tag()}`): OrderRequest => ({
      clientOrderId,
      symbol: h.symbol,
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price,
    });

    it('an open order replaced then it is CANCELED and the new order rests', async () => {
      const { order } = await h.broker.placeOrder(bid('29000'));
      const result = await h.broker.cancelReplace({
        symbol: h.symbol,
        cancel: { orderId: order.orderId },
        mode: 'STOP_ON_FAILURE',
        order: bid('29100'),
      });
      expect(result.cancel.ok && result.cancel.order.status).toBe('CANCELED');
      expect(result.placed?.ok && result.placed.result.order.status).toBe('NEW');
      const open = await h.broker.openOrders(h.symbol);
      expect(open.map((o) => o.price && Number(o.price))).toEqual([29100]);
    });

    it('cancelRestrictions ONLY_NEW on a NEW order then the cancel succeeds and the new order rests', async () => {
      const { order } = await h.broker.placeOrder(bid('29000'));
      const result = await h.broker.cancelReplace({
        symbol: h.symbol,
        cancel: { orderId: order.orderId },
        mode: 'STOP_ON_FAILURE',
        cancelRestrictions: 'ONLY_NEW',
        order: bid('29100'),
      });
      expect(result.cancel.ok && result.cancel.order.status).toBe('CANCELED');
      expect(result.placed?.ok && result.placed.result.order.status).toBe('NEW');
    });

    it('STOP_ON_FAILURE with an unknown order then the cancel fails -2011 and nothing is placed', async () => {
      const result = await h.broker.cancelReplace({
        symbol: h.symbol,
        cancel: { clientOrderId: `missing${tag()}` },
        mode: 'STOP_ON_FAILURE',
        order: bid('29100'),
      });
      expect(result.cancel.ok).toBe(false);
      if (!result.cancel.ok) expect(result.cancel.error.code).toBe(-2011);
      expect(result.placed).toBeUndefined();
      expect(await h.broker.openOrders(h.symbol)).toEqual([]);
    });

    it('ALLOW_FAILURE with an unknown order then the new order is placed anyway', async () => {
      const result = await h.broker.cancelReplace({
        symbol: h.symbol,
        cancel: { clientOrderId: `missing${tag()}` },
        mode: 'ALLOW_FAILURE',
        order: bid('29100'),
      });
      expect(result.cancel.ok).toBe(false);
      expect(result.placed?.ok).toBe(true);
      expect((await h.broker.openOrders(h.symbol)).length).toBe(1);
    });

    it('the cancel done and the new order refused by the engine then both halves reported, nothing open', async () => {
      const { order } = await h.broker.placeOrder(bid('29000'));
      const result = await h.broker.cancelReplace({
        symbol: h.symbol,
        cancel: { orderId: order.orderId },
        mode: 'STOP_ON_FAILURE',
        order: { ...bid('30100'), type: 'LIMIT_MAKER', timeInForce: undefined },
      });
      expect(result.cancel.ok).toBe(true);
      expect(result.placed?.ok).toBe(false);
      if (result.placed && !result.placed.ok) {
        expect(result.placed.error.code).toBe(-2010);
        expect(result.placed.error.message).toBe('Order would immediately match and take.');
      }
      expect(await h.broker.openOrders(h.symbol)).toEqual([]);
    });

    it('a new order failing its filters then that rejection is thrown and the old order is left alone', async () => {
      const { order } = await h.broker.placeOrder(bid('29000'));
      const attempt = h.broker.cancelReplace({
        symbol: h.symbol,
        cancel: { orderId: order.orderId },
        mode: 'ALLOW_FAILURE',
        order: { ...bid('29100'), price: '0.5' },
      });
      await expect(attempt).rejects.toBeInstanceOf(ExchangeRejection);
      await expect(attempt).rejects.toMatchObject({ code: -1013 });
      expect((await h.broker.getOrder(h.symbol, { orderId: order.orderId }))?.status).toBe('NEW');
    });
  });
}
