/**
 * Hand-worked OCO and trailing-stop cases on the real recorded Binance.US BTCUSDT book and trades
 * (../shared/data/binance/recorded): every price, quantity and quote amount below is worked out
 * by hand from those files and the rules in rest-api.md / faqs/trailing-stop-faq.md.
 *
 * The book (best levels): bids 60650.00 × 0.00213, 60648.08 × 0.06346, 60648.01 × 0.06430;
 * asks 60650.01 × 0.61982, 60653.68 × 0.00696. The ten recorded trades print between 60650.00 and
 * 60655.00 (the seventh: 60655.00 × 0.011).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMarket, parseOrderBook } from '../../src/exchanges/binance-us/parse.js';
import type { DepthRaw, ExchangeInfoRaw, TradeRaw } from '../../src/exchanges/binance-us/raw-types.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import type { Balance } from '../../src/model/balance.js';
import { cmp } from '../../src/model/money.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import { ManualClock, ScriptedMarketData } from './scripted-market-data.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = resolve(repoRoot, '../shared/data/binance/recorded');
const hasData = existsSync(dir);
const load = <T>(name: string): T => JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as T;

function setup(balances: Balance[]) {
  const clock = new ManualClock(1634942949263);
  const info = load<ExchangeInfoRaw>('http_spot_market_exchange_info.json');
  const market = parseMarket(
    info.symbols.find((s) => s.symbol === 'BTCUSDT')!,
    { maker: '0.001', taker: '0.001' },
  );
  const md = new ScriptedMarketData(clock, [market]);
  const book = parseOrderBook(load<DepthRaw>('http_spot_market_depth.json'), 'BTCUSDT', clock.now());
  md.setBook('BTCUSDT', book.bids, book.asks);
  md.setLastPrice('BTCUSDT', '60650.00');
  const broker = new SimulatedBroker({ marketData: md, clock, balances });
  const updates: OrderUpdate[] = [];
  broker.onOrderUpdate((u) => updates.push(u));
  const trades = load<TradeRaw[]>('http_spot_market_trades.json');
  const print = async (price: string, qty = '0.01') => {
    md.trade('BTCUSDT', price, qty);
    await broker.idle();
  };
  const replayRecorded = async () => {
    for (const t of trades) await print(t.price, t.qty);
  };
  return { broker, updates, print, replayRecorded };
}

const BTC_ONLY: Balance[] = [{ asset: 'BTC', free: '0.01', locked: '0' }];

describe.skipIf(!hasData)(
  'OCO and trailing stops on the recorded BTCUSDT book (needs ../shared/data/binance/recorded)',
  () => {
    it('OCO SELL 0.005 at 60654 / stop 60640: the recorded print at 60655.00 fills the limit leg at 60654.00, the stop leg expires', async () => {
      const { broker, updates, replayRecorded } = setup(BTC_ONLY);
      const { list } = await broker.placeOco({
        listClientOrderId: 'rec-1',
        limitClientOrderId: 'rec-1-tp',
        stopClientOrderId: 'rec-1-sl',
        symbol: 'BTCUSDT',
        side: 'SELL',
        quantity: '0.005',
        price: '60654.00',
        stopPrice: '60640.00',
        stopLimitPrice: '60639.00',
        stopLimitTimeInForce: 'GTC',
      });
      await replayRecorded();
      const done = (await broker.getOrderList({ orderListId: list.orderListId }))!;
      expect(done.listOrderStatus).toBe('ALL_DONE');
      const [limit, stop] = done.orders;
      expect(limit).toMatchObject({ status: 'FILLED', executedQty: '0.005', cummulativeQuoteQty: '303.27' });
      expect(stop).toMatchObject({ status: 'EXPIRED', executedQty: '0' });
      const fills = updates.flatMap((u) => u.fills);
      expect(fills.map((f) => [f.price, f.qty, f.isMaker])).toEqual([['60654', '0.005', true]]);
      // 0.005 × 60654.00 = 303.27 USDT less the 0.1 % maker commission.
      const usdt = (await broker.balances()).find((b) => b.asset === 'USDT')!;
      expect(cmp(usdt.free, '302.96673')).toBe(0);
      expect(cmp((await broker.balances()).find((b) => b.asset === 'BTC')!.locked, '0')).toBe(0);
    });

    it('OCO SELL with stop 60649.00: a print at 60648.08 triggers it, the limit leg expires, the stop sells into 60650.00 and 60648.08', async () => {
      const { broker, print } = setup(BTC_ONLY);
      const { list } = await broker.placeOco({
        listClientOrderId: 'rec-2',
        limitClientOrderId: 'rec-2-tp',
        stopClientOrderId: 'rec-2-sl',
        symbol: 'BTCUSDT',
        side: 'SELL',
        quantity: '0.005',
        price: '60700.00',
        stopPrice: '60649.00',
        stopLimitPrice: '60640.00',
        stopLimitTimeInForce: 'GTC',
      });
      await print('60649.01');
      expect((await broker.getOrderList({ orderListId: list.orderListId }))!.listOrderStatus).toBe('EXECUTING');
      await print('60648.08');
      const done = (await broker.getOrderList({ orderListId: list.orderListId }))!;
      expect(done.listOrderStatus).toBe('ALL_DONE');
      expect(done.orders[0]).toMatchObject({ type: 'LIMIT_MAKER', status: 'EXPIRED' });
      // 0.00213 × 60650.00 + 0.00287 × 60648.08 = 129.1845 + 174.0599896 = 303.2444896
      expect(done.orders[1]).toMatchObject({
        type: 'STOP_LOSS_LIMIT',
        status: 'FILLED',
        triggered: true,
        executedQty: '0.005',
        cummulativeQuoteQty: '303.2444896',
      });
      const fills = await broker.fills();
      expect(fills.map((f) => [f.price, f.qty, f.isMaker])).toEqual([
        ['60650', '0.00213', false],
        ['60648.08', '0.00287', false],
      ]);
    });

    it('trailing STOP_LOSS_LIMIT SELL, 10 BIPS, no stop price: up to 60720.00 then down, triggers at 60659.28 = 60720 × 0.999, not at 60659.29', async () => {
      const { broker, print, replayRecorded } = setup(BTC_ONLY);
      const { order } = await broker.placeOrder({
        clientOrderId: 'trail-1',
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'STOP_LOSS_LIMIT',
        timeInForce: 'GTC',
        quantity: '0.005',
        price: '60500.00',
        trailingDelta: 10,
      });
      // Tracking starts from the last price at placement: 60650.00 × 0.999 = 60589.35.
      expect(broker.engine.trailingTrigger('BTCUSDT', { orderId: order.orderId })).toBe('60589.35');
      await replayRecorded();
      // The recorded high, 60655.00: 60655 × 0.999 = 60594.345.
      expect(broker.engine.trailingTrigger('BTCUSDT', { orderId: order.orderId })).toBe('60594.345');
      for (const p of ['60660.00', '60700.50', '60720.00', '60700.00', '60680.00', '60659.29']) await print(p);
      expect(broker.engine.trailingTrigger('BTCUSDT', { orderId: order.orderId })).toBe('60659.28');
      expect((await broker.getOrder('BTCUSDT', { orderId: order.orderId }))!.status).toBe('NEW');
      await print('60659.28');
      const filled = (await broker.getOrder('BTCUSDT', { orderId: order.orderId }))!;
      expect(filled).toMatchObject({ status: 'FILLED', triggered: true, cummulativeQuoteQty: '303.2444896' });
    });

    it('trailing TAKE_PROFIT_LIMIT SELL, 20 BIPS, activation 60700.00: a fall before activation is ignored; from 60720.00 it triggers at 60598.56', async () => {
      const { broker, print } = setup(BTC_ONLY);
      const { order } = await broker.placeOrder({
        clientOrderId: 'trail-2',
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'TAKE_PROFIT_LIMIT',
        timeInForce: 'GTC',
        quantity: '0.005',
        price: '60500.00',
        stopPrice: '60700.00',
        trailingDelta: 20,
      });
      const status = async () => (await broker.getOrder('BTCUSDT', { orderId: order.orderId }))!.status;
      // Not tracking yet: a fall of far more than 20 BIPS does nothing.
      for (const p of ['60660.00', '60400.00', '60690.00']) await print(p);
      expect(broker.engine.trailingTrigger('BTCUSDT', { orderId: order.orderId })).toBeUndefined();
      await print('60700.00');
      // The activating trade is the first high: 60700 × 0.998 = 60578.60.
      expect(broker.engine.trailingTrigger('BTCUSDT', { orderId: order.orderId })).toBe('60578.6');
      for (const p of ['60720.00', '60650.00', '60598.57']) await print(p);
      expect(await status()).toBe('NEW');
      await print('60598.56');
      expect(await status()).toBe('FILLED');
    });

    it('OCO SELL with a trailing stop leg (stop 60640.00, 50 BIPS): the limit leg stays until the trailing leg triggers 0.5 % under its high', async () => {
      const { broker, print } = setup(BTC_ONLY);
      const { list } = await broker.placeOco({
        listClientOrderId: 'rec-3',
        limitClientOrderId: 'rec-3-tp',
        stopClientOrderId: 'rec-3-sl',
        symbol: 'BTCUSDT',
        side: 'SELL',
        quantity: '0.005',
        price: '61000.00',
        stopPrice: '60640.00',
        stopLimitPrice: '60000.00',
        stopLimitTimeInForce: 'GTC',
        trailingDelta: 50,
      });
      const stopId = list.orders[1]!.orderId;
      await print('60640.00'); // activates; the high is 60640.00 → triggers at 60336.80
      expect(broker.engine.trailingTrigger('BTCUSDT', { orderId: stopId })).toBe('60336.8');
      await print('60800.00'); // new high → 60496.00
      await print('60496.01');
      expect((await broker.getOrderList({ orderListId: list.orderListId }))!.listOrderStatus).toBe('EXECUTING');
      await print('60496.00');
      const done = (await broker.getOrderList({ orderListId: list.orderListId }))!;
      expect(done.listOrderStatus).toBe('ALL_DONE');
      expect(done.orders.map((o) => o.status)).toEqual(['EXPIRED', 'FILLED']);
    });
  },
);
