import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAccountState } from '../../src/ledger/account-state.js';
import { AverageCostLedger } from '../../src/ledger/average-cost-ledger.js';
import { MapPriceBook } from '../../src/ledger/usd-valuation.js';
import type { Fill } from '../../src/model/fill.js';
import { Big, str } from '../../src/model/money.js';

const price = fc.integer({ min: 1, max: 10_000_000 }).map((cents) => str(new Big(cents).div(100)));
const quantity = fc.integer({ min: 1, max: 100_000 }).map((units) => str(new Big(units).div(10_000)));

let nextTrade = 0;
function fill(
  symbol: string,
  side: 'BUY' | 'SELL',
  qty: string,
  px: string,
  commission = '0',
  commissionAsset = 'USD',
): Fill {
  nextTrade += 1;
  return {
    tradeId: String(nextTrade),
    orderId: '1',
    clientOrderId: 'c',
    symbol,
    side,
    price: px,
    qty,
    quoteQty: str(new Big(qty).times(px)),
    commission,
    commissionAsset,
    isMaker: false,
    time: 0,
  };
}

const MARKETS: Record<string, { baseAsset: string; quoteAsset: string }> = {
  BTCUSD: { baseAsset: 'BTC', quoteAsset: 'USD' },
  ETHUSD: { baseAsset: 'ETH', quoteAsset: 'USD' },
  ETHBTC: { baseAsset: 'ETH', quoteAsset: 'BTC' },
};

describe('average cost ledger properties', () => {
  it('applyFill when buying in pieces then selling everything at the same price with zero fees then realized P&L is exactly 0', () => {
    fc.assert(
      fc.property(
        price,
        fc.array(quantity, { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }),
        (px, buys, weights) => {
          const ledger = new AverageCostLedger();
          const prices = new MapPriceBook();
          for (const q of buys) ledger.applyFill(fill('BTCUSD', 'BUY', q, px), MARKETS.BTCUSD!, prices);
          const total = buys.reduce((s, q) => s.plus(q), new Big(0));
          const weightSum = weights.reduce((a, b) => a + b, 0);
          let sold = new Big(0);
          weights.forEach((w, i) => {
            const q =
              i === weights.length - 1 ? total.minus(sold) : total.times(w).div(weightSum).round(4, Big.roundDown);
            sold = sold.plus(q);
            if (q.gt(0)) ledger.applyFill(fill('BTCUSD', 'SELL', str(q), px), MARKETS.BTCUSD!, prices);
          });
          expect(ledger.holding('BTC')).toMatchObject({ quantity: '0', costBasisUsd: '0', realizedPnlUsd: '0' });
        },
      ),
    );
  });

  it('applyFill when buys at any prices are sold entirely then realized equals total proceeds minus total cost exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(quantity, price), { minLength: 1, maxLength: 8 }), price, (buys, exitPrice) => {
        const ledger = new AverageCostLedger();
        const prices = new MapPriceBook();
        let cost = new Big(0);
        let total = new Big(0);
        for (const [q, px] of buys) {
          ledger.applyFill(fill('BTCUSD', 'BUY', q, px), MARKETS.BTCUSD!, prices);
          cost = cost.plus(new Big(q).times(px));
          total = total.plus(q);
        }
        const half = total.div(3).round(4, Big.roundDown);
        if (half.gt(0)) ledger.applyFill(fill('BTCUSD', 'SELL', str(half), exitPrice), MARKETS.BTCUSD!, prices);
        ledger.applyFill(fill('BTCUSD', 'SELL', str(total.minus(half)), exitPrice), MARKETS.BTCUSD!, prices);
        expect(ledger.holding('BTC')!.realizedPnlUsd).toBe(str(total.times(exitPrice).minus(cost)));
      }),
    );
  });

  type Op = {
    symbol: 'BTCUSD' | 'ETHUSD' | 'ETHBTC';
    side: 'BUY' | 'SELL';
    fraction: number;
    qty: string;
    moves: [number, number, number];
    fee: 'none' | 'binance' | 'bnb';
  };
  const opArb: fc.Arbitrary<Op> = fc.record({
    symbol: fc.constantFrom('BTCUSD' as const, 'ETHUSD' as const, 'ETHBTC' as const),
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    fraction: fc.integer({ min: 1, max: 100 }),
    qty: quantity,
    moves: fc.tuple(
      fc.integer({ min: -200, max: 200 }),
      fc.integer({ min: -200, max: 200 }),
      fc.integer({ min: -100, max: 100 }),
    ),
    fee: fc.constantFrom('none' as const, 'binance' as const, 'bnb' as const),
  });

  /**
   * Random fills over BTCUSD, ETHUSD and ETHBTC with moving prices, starting from 10,000 USD, 0.5 BTC and
   * 10 BNB given at the start. The account's balances are simulated independently of the ledger.
   */
  function simulate(ops: Op[], withFees: boolean) {
    const usd = { BTC: new Big(60000), ETH: new Big(3000), BNB: new Big(500) };
    const book = () =>
      new MapPriceBook({
        BTCUSD: str(usd.BTC),
        ETHUSD: str(usd.ETH),
        BNBUSD: str(usd.BNB),
        ETHBTC: str(usd.ETH.div(usd.BTC).round(8, Big.roundDown)),
      });
    const held: Record<string, Big> = { USD: new Big(10_000), BTC: new Big('0.5'), ETH: new Big(0), BNB: new Big(10) };
    const ledger = new AverageCostLedger();
    ledger.openingBalance('BTC', '0.5', book());
    ledger.openingBalance('BNB', '10', book());
    const equity = (prices: MapPriceBook) =>
      buildAccountState({
        mode: 'paper',
        balances: Object.entries(held).map(([asset, q]) => ({ asset, free: str(q), locked: '0' })),
        holdings: ledger.holdings(),
        prices,
      });
    const start = equity(book());
    for (const op of ops) {
      usd.BTC = usd.BTC.times(1000 + op.moves[0])
        .div(1000)
        .round(2, Big.roundDown)
        .plus('0.01');
      usd.ETH = usd.ETH.times(1000 + op.moves[1])
        .div(1000)
        .round(2, Big.roundDown)
        .plus('0.01');
      usd.BNB = usd.BNB.times(1000 + op.moves[2])
        .div(1000)
        .round(2, Big.roundDown)
        .plus('0.01');
      const prices = book();
      const { baseAsset, quoteAsset } = MARKETS[op.symbol]!;
      const px = prices.lastPrice(op.symbol)!;
      const qty =
        op.side === 'SELL' ? held[baseAsset]!.times(op.fraction).div(100).round(4, Big.roundDown) : new Big(op.qty);
      if (qty.lte(0) || new Big(px).lte(0)) continue;
      const quoteQty = qty.times(px);
      if (op.side === 'BUY' && quoteAsset !== 'USD' && quoteQty.gt(held[quoteAsset]!)) continue;
      let commission = new Big(0);
      let commissionAsset = op.side === 'BUY' ? baseAsset : quoteAsset;
      if (withFees && op.fee === 'binance')
        commission = (op.side === 'BUY' ? qty : quoteQty).times('0.001').round(8, Big.roundDown);
      if (withFees && op.fee === 'bnb' && held.BNB!.gte('0.01')) {
        commission = new Big('0.01');
        commissionAsset = 'BNB';
      }
      ledger.applyFill(
        fill(op.symbol, op.side, str(qty), px, str(commission), commissionAsset),
        MARKETS[op.symbol]!,
        prices,
      );
      const gives = op.side === 'BUY' ? quoteAsset : baseAsset;
      const gets = op.side === 'BUY' ? baseAsset : quoteAsset;
      held[gives] = held[gives]!.minus(op.side === 'BUY' ? quoteQty : qty);
      held[gets] = held[gets]!.plus(op.side === 'BUY' ? qty : quoteQty);
      held[commissionAsset] = held[commissionAsset]!.minus(commission);
      for (const h of ledger.holdings()) expect(new Big(h.quantity).gte(0)).toBe(true);
    }
    return { start, end: equity(book()), held, ledger };
  }

  it('applyFill when random fills with zero fees then realized + unrealized equals the change in equity exactly', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const { start, end } = simulate(ops, false);
        const pnl = new Big(end.realizedPnlUsd).plus(end.unrealizedPnlUsd);
        expect(str(pnl)).toBe(str(new Big(end.portfolioValueUsd).minus(start.portfolioValueUsd)));
      }),
      { numRuns: 200 },
    );
  });

  it('applyFill when random fills pay commissions in base, quote or BNB then realized + unrealized still equals the change in equity', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const { start, end } = simulate(ops, true);
        const pnl = new Big(end.realizedPnlUsd).plus(end.unrealizedPnlUsd);
        expect(str(pnl)).toBe(str(new Big(end.portfolioValueUsd).minus(start.portfolioValueUsd)));
      }),
      { numRuns: 200 },
    );
  });

  it('applyFill when random fills then ledger quantities are never negative and match the simulated balances', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const { held, ledger } = simulate(ops, true);
        for (const asset of ['BTC', 'ETH', 'BNB'])
          expect(ledger.holding(asset)?.quantity ?? '0').toBe(str(held[asset]!));
      }),
      { numRuns: 200 },
    );
  });
});
