import { expect, it } from 'vitest';
import { summarizeBook } from '../../src/app/context-service.js';
import { Big, str } from '../../src/model/money.js';

it('summarizeBook when the book is deep then its depth sums are exactly those of decimal arithmetic', () => {
  const bids: [string, string][] = [];
  const asks: [string, string][] = [];
  for (let i = 0; i < 3000; i += 1) {
    bids.push([(30000 - i * 0.37).toFixed(2), (0.001 + (i % 7) * 0.0123).toFixed(5)]);
    asks.push([(30001 + i * 0.41).toFixed(2), (0.002 + (i % 5) * 0.031).toFixed(5)]);
  }
  const summary = summarizeBook({ symbol: 'BTCUSD', lastUpdateId: 1, bids, asks, time: 1 });
  const mid = new Big(bids[0]![0]).plus(asks[0]![0]).div(2);
  const sums = (levels: [string, string][], inside: (p: Big) => boolean) => {
    let qty = new Big(0);
    let notional = new Big(0);
    for (const [p, q] of levels) {
      if (!inside(new Big(p))) break;
      qty = qty.plus(q);
      notional = notional.plus(new Big(p).times(q));
    }
    return [str(qty), str(notional.round(2, Big.roundHalfUp))];
  };
  for (const d of summary.depth) {
    expect([d.bidQty, d.bidNotional]).toEqual(sums(bids, (p) => p.gte(mid.times(1 - d.withinPercent / 100))));
    expect([d.askQty, d.askNotional]).toEqual(sums(asks, (p) => p.lte(mid.times(1 + d.withinPercent / 100))));
  }
});
