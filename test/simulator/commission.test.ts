/** Commissions are cut to 8 decimals, as Binance reports them, and the balances move by exactly that. */
import { describe, expect, it } from 'vitest';
import { MatchingEngine } from '../../src/exchanges/simulator/matching-engine.js';
import type { OrderBook } from '../../src/model/market-snapshot.js';
import { btcUsd } from './fixtures.js';
import { ManualClock } from './scripted-market-data.js';

const book: OrderBook = {
  symbol: 'BTCUSD',
  lastUpdateId: 1,
  time: 0,
  bids: [['117290.77', '1']],
  asks: [['117290.78', '1']],
};

function engine(fee: string) {
  return new MatchingEngine({
    clock: new ManualClock(),
    balances: [
      { asset: 'USD', free: '1000', locked: '0' },
      { asset: 'BTC', free: '1', locked: '0' },
    ],
    feeOverrides: { BTCUSD: { maker: fee, taker: fee } },
  });
}
const view = { market: btcUsd(), book, lastPrice: '117290.77' };

describe('commission rounding', () => {
  it('the recorded Binance.US fill (SELL 0.00042 at 117290.77, 0.01 %) then pays 0.00492621 USD, not 0.00492621234, and USD grows by 49.25719719', () => {
    // 0.00042 x 117290.77 = 49.2621234 USD; x 0.0001 = 0.00492621234, cut to 8 decimals: 0.00492621
    // (ws_spot_execution_report_binance_us.json: "Z" 49.26212340, "n" 0.00492621).
    // Received: 49.2621234 - 0.00492621 = 49.25719719 -> USD 1049.25719719.
    const e = engine('0.0001');
    const { fills } = e.place(
      {
        clientOrderId: 'recorded',
        symbol: 'BTCUSD',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'IOC',
        quantity: '0.00042',
        price: '117290.77',
      },
      view,
    );
    expect(fills.map((f) => [f.quoteQty, f.commission, f.commissionAsset])).toEqual([
      ['49.2621234', '0.00492621', 'USD'],
    ]);
    expect(e.balances().find((b) => b.asset === 'USD')).toEqual({ asset: 'USD', free: '1049.25719719', locked: '0' });
    expect(e.fills()[0].commission).toBe('0.00492621');
  });

  it('a BUY whose commission has 10 decimals (0.00013 BTC x 0.00075 = 0.0000000975) then pays 0.00000009 BTC', () => {
    // Received 0.00013 BTC less 0.00000009 = 0.00012991 -> BTC 1.00012991; USD pays 0.00013 x 117290.78 = 15.2478014.
    const e = engine('0.00075');
    const { fills } = e.place(
      { clientOrderId: 'buy', symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity: '0.00013' },
      view,
    );
    expect(fills.map((f) => [f.qty, f.commission, f.commissionAsset])).toEqual([['0.00013', '0.00000009', 'BTC']]);
    expect(e.balances()).toEqual([
      { asset: 'BTC', free: '1.00012991', locked: '0' },
      { asset: 'USD', free: '984.7521986', locked: '0' },
    ]);
  });
});
