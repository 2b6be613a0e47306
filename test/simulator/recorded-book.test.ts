/**
 * Hand-worked cases on the real recorded binance.com BTCUSDT book and prints (Oct 2021,
 * ../shared/data/binance/recorded): depth best bid 60650.00 x 0.00213 (then 60648.08 x 0.06346),
 * best ask 60650.01 x 0.61982; the trades file prints at 60650.00 (sellers hitting that bid, e.g.
 * 0.02924 then 0.00738) and at 60650.01-60655.00 (buyers). One case per paper rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMarket, parseOrderBook, parseTrade } from '../../src/exchanges/binance-us/parse.js';
import type { DepthRaw, ExchangeInfoRaw, TradeRaw } from '../../src/exchanges/binance-us/raw-types.js';
import { MatchingEngine, type MarketView } from '../../src/exchanges/simulator/matching-engine.js';
import type { FillModel } from '../../src/exchanges/simulator/fill-model.js';
import type { OrderRequest } from '../../src/model/order.js';
import { ListedMarketData } from '../support/listed-tape.js';
import { ManualClock } from './scripted-market-data.js';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/binance/recorded');
const hasData = existsSync(dir);
const load = <T>(name: string): T => JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as T;

describe.skipIf(!hasData)(
  'paper rules on the recorded book (needs ../shared/data/binance/recorded, absent in a fresh clone)',
  () => {
    const info = hasData ? load<ExchangeInfoRaw>('http_spot_market_exchange_info.json') : undefined;
    const market = () => parseMarket(info!.symbols[0], { maker: '0.001', taker: '0.001' });
    const rawTrades = () => load<TradeRaw[]>('http_spot_market_trades.json');
    const book = () => parseOrderBook(load<DepthRaw>('http_spot_market_depth.json'), 'BTCUSDT', 0);
    const LAST_TRADE_TIME = 1634942950067;
    const view = (): MarketView => ({ market: market(), book: book(), lastPrice: '60654.99' });
    const engine = (fillModel: FillModel = 'conservative') =>
      new MatchingEngine({
        clock: new ManualClock(LAST_TRADE_TIME),
        fillModel,
        balances: [
          { asset: 'USDT', free: '10000', locked: '0' },
          { asset: 'BTC', free: '1', locked: '0' },
        ],
      });
    let n = 0;
    const order = (
      side: 'BUY' | 'SELL',
      quantity: string,
      price: string,
      over: Partial<OrderRequest> = {},
    ): OrderRequest => ({
      clientOrderId: `r${(n += 1)}`,
      symbol: 'BTCUSDT',
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity,
      price,
      ...over,
    });
    const replay = (e: MatchingEngine) => {
      for (const raw of rawTrades()) e.onTrade(parseTrade(raw, 'BTCUSDT'));
    };

    it('avgPrice of the 10 recorded prints then 4933.4291842 / 0.08134 = 60651.94472830 (rounded down), so PERCENT_PRICE allows 12130.39 to 303259.72', async () => {
      // Σ qty = 0.08134; Σ price x qty = 4933.4291842; their ratio 60651.944728301... -> 60651.94472830.
      // 5 x 60651.9447283 = 303259.7236415; 0.2 x 60651.9447283 = 12130.38894566.
      const trades = rawTrades().map((t) => ({
        time: t.time,
        price: t.price,
        qty: t.qty,
        buyerIsMaker: t.isBuyerMaker,
      }));
      const md = new ListedMarketData(market(), trades, book(), new ManualClock(LAST_TRADE_TIME));
      const average = await md.averagePrice('BTCUSDT');
      expect(average).toEqual({ symbol: 'BTCUSDT', mins: 5, price: '60651.94472830', closeTime: LAST_TRADE_TIME });
      const e = engine();
      const at = { ...view(), averagePrice: average.price };
      expect(() => e.place(order('SELL', '0.001', '303259.73'), at)).toThrow('Filter failure: PERCENT_PRICE');
      expect(e.place(order('SELL', '0.001', '303259.72'), at).order.status).toBe('NEW');
      expect(() => e.place(order('BUY', '0.001', '12130.38'), at)).toThrow('Filter failure: PERCENT_PRICE');
    });

    it('conservative: a BUY 0.001 resting at the best bid 60650.00 then never fills on the prints at 60650.00', () => {
      const e = engine('conservative');
      const placed = e.place(order('BUY', '0.001', '60650.00'), view()).order;
      replay(e);
      expect(e.order('BTCUSDT', { orderId: placed.orderId })?.status).toBe('NEW');
    });

    it('queue: a BUY 0.03 at 60650.00 behind the visible 0.00213 then fills 0.02711 on the 0.02924 print and the last 0.00289 on the 0.00738 one', () => {
      // First print at 60650.00: 0.02924 - 0.00213 ahead = 0.02711 reaches us. Buyer prints at
      // 60650.01+ do not touch a bid. Second print 0.00738 at 60650.00: nothing ahead; 0.00289 left to fill.
      const e = engine('queue');
      const placed = e.place(order('BUY', '0.03', '60650.00'), view()).order;
      replay(e);
      expect(e.fills().map((f) => [f.price, f.qty, f.isMaker])).toEqual([
        ['60650', '0.02711', true],
        ['60650', '0.00289', true],
      ]);
      expect(e.order('BTCUSDT', { orderId: placed.orderId })?.status).toBe('FILLED');
    });

    it('self-trade prevention: an own bid at 60650.00 behind the visible 0.00213, a SELL 0.01 down to 60648.00 then takes 0.00213, expires the own bid, and takes 0.00787 at 60648.08', () => {
      // EXPIRE_MAKER (the default): 0.00213 at 60650.00 first (visible ahead of ours), then our bid
      // would match: it expires; the rest, 0.01 - 0.00213 = 0.00787, from 60648.08 x 0.06346.
      const e = engine();
      const own = e.place(order('BUY', '0.001', '60650.00'), view()).order;
      const { order: taker, fills } = e.place(order('SELL', '0.01', '60648.00'), view());
      expect(fills.map((f) => [f.price, f.qty])).toEqual([
        ['60650', '0.00213'],
        ['60648.08', '0.00787'],
      ]);
      expect(taker.status).toBe('FILLED');
      expect(e.order('BTCUSDT', { orderId: own.orderId })?.status).toBe('EXPIRED_IN_MATCH');
    });

    it('commission: the recorded Binance.US executionReport (SELL 0.00042 at 117290.77, quote 49.2621234) then is charged its n = 0.00492621 at 0.01 %', () => {
      // 49.2621234 x 0.0001 = 0.00492621234; 8 decimals, cut: 0.00492621 = the report's "n".
      const report = load<{ data: { q: string; p: string; Z: string; n: string } }>(
        'ws_spot_execution_report_binance_us.json',
      ).data;
      const e = new MatchingEngine({
        clock: new ManualClock(),
        balances: [{ asset: 'BTC', free: '1', locked: '0' }],
        feeOverrides: { BTCUSDT: { maker: '0.0001', taker: '0.0001' } },
      });
      const b = { ...book(), bids: [[report.p, '1']] as [string, string][] };
      const { fills } = e.place(order('SELL', report.q, report.p, { timeInForce: 'IOC' }), { ...view(), book: b });
      expect(fills[0].commission).toBe(String(Number(report.n)));
      expect(fills[0].quoteQty).toBe(String(Number(report.Z)));
    });

    it('client order ids: the id of the resting bid then -2010 Duplicate order sent.', () => {
      const e = engine();
      e.place(order('BUY', '0.001', '60600.00', { clientOrderId: 'dup' }), view());
      expect(() => e.place(order('BUY', '0.001', '60500.00', { clientOrderId: 'dup' }), view())).toThrow(
        'Duplicate order sent.',
      );
    });

    it('a SELL stop-loss with its stop 60700.00 above the last price 60654.99 then -2010 Order would trigger immediately.', () => {
      const e = engine();
      expect(() =>
        e.place(order('SELL', '0.001', '60690.00', { type: 'STOP_LOSS_LIMIT', stopPrice: '60700.00' }), view()),
      ).toThrow('Order would trigger immediately.');
    });
  },
);
