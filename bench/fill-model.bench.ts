/**
 * Fill models compared on the real recorded binance.com BTCUSDT book and prints
 * (../shared/data/binance/recorded: depth 10x10 and the 10 trades taken at the same moment; the
 * aggTrades, two minutes later around 60759, are replayed too). One order of 0.001 rests at each of
 * the 20 visible levels (BUY at bids, SELL at asks), then every print is replayed. Printed, per
 * model: orders filled of 20, quantity filled, and the time of one round (place 20 + replay), with
 * queue / conservative ratios from the same run. Skips, saying why, without the data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAggTrade, parseMarket, parseOrderBook, parseTrade } from '../src/exchanges/binance-us/parse.js';
import type { AggTradeRaw, DepthRaw, ExchangeInfoRaw, TradeRaw } from '../src/exchanges/binance-us/raw-types.js';
import type { FillModel } from '../src/exchanges/simulator/fill-model.js';
import { MatchingEngine } from '../src/exchanges/simulator/matching-engine.js';
import type { TradeTick } from '../src/model/market-snapshot.js';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/binance/recorded');
const ROUNDS = 2000;

function main(): void {
  if (!existsSync(dir)) {
    process.stderr.write(`fill-model bench skipped: ${dir} is absent (a fresh clone has no shared data)\n`);
    return;
  }
  const load = <T>(name: string): T => JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as T;
  const market = parseMarket(load<ExchangeInfoRaw>('http_spot_market_exchange_info.json').symbols[0], {
    maker: '0.001',
    taker: '0.001',
  });
  const book = parseOrderBook(load<DepthRaw>('http_spot_market_depth.json'), 'BTCUSDT', 0);
  const ticks: TradeTick[] = [
    ...load<TradeRaw[]>('http_spot_market_trades.json').map((t) => parseTrade(t, 'BTCUSDT')),
    ...load<AggTradeRaw[]>('http_spot_market_agg_trades.json').map((t) => parseAggTrade(t, 'BTCUSDT')),
  ];
  const view = { market, book, lastPrice: ticks[0].price };

  const round = (model: FillModel) => {
    const e = new MatchingEngine({
      clock: { now: () => 0 },
      fillModel: model,
      balances: [
        { asset: 'USDT', free: '100000', locked: '0' },
        { asset: 'BTC', free: '1', locked: '0' },
      ],
    });
    let id = 0;
    const place = (side: 'BUY' | 'SELL', price: string) =>
      e.place(
        {
          clientOrderId: `o${(id += 1)}`,
          symbol: 'BTCUSDT',
          side,
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.001',
          price,
        },
        view,
      );
    for (const [price] of book.bids) place('BUY', price);
    for (const [price] of book.asks) place('SELL', price);
    for (const tick of ticks) e.onTrade(tick);
    const fills = e.fills({ limit: 1000 });
    return { orders: new Set(fills.map((f) => f.orderId)).size, qty: fills.reduce((a, f) => a + Number(f.qty), 0) };
  };

  const measure = (model: FillModel) => {
    round(model);
    const start = process.hrtime.bigint();
    let outcome = round(model);
    for (let i = 1; i < ROUNDS; i++) outcome = round(model);
    return { ...outcome, usPerRound: Number(process.hrtime.bigint() - start) / 1000 / ROUNDS };
  };

  const conservative = measure('conservative');
  const queue = measure('queue');
  const line = (name: string, r: typeof queue) =>
    `${name.padEnd(13)} filled ${r.orders}/20 orders (${((r.orders / 20) * 100).toFixed(0)} %), ${r.qty.toFixed(5)} BTC, ${r.usPerRound.toFixed(1)} us/round`;
  process.stdout.write(
    [
      `fill models on the recorded BTCUSDT book (${ticks.length} prints, ${ROUNDS} rounds each)`,
      line('conservative', conservative),
      line('queue', queue),
      `queue / conservative: orders filled ${conservative.orders === 0 ? 'n/a (conservative filled none)' : (queue.orders / conservative.orders).toFixed(2)}, ` +
        `quantity ${conservative.qty === 0 ? 'n/a' : (queue.qty / conservative.qty).toFixed(2)}, time ${(queue.usPerRound / conservative.usPerRound).toFixed(2)}`,
      '',
    ].join('\n'),
  );
}

main();
