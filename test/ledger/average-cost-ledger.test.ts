import { describe, expect, it } from 'vitest';
import { AverageCostLedger } from '../../src/ledger/average-cost-ledger.js';
import { MapPriceBook } from '../../src/ledger/usd-valuation.js';
import type { Fill } from '../../src/model/fill.js';

const BTCUSD = { baseAsset: 'BTC', quoteAsset: 'USD' };
let tradeId = 0;

function fill(
  side: 'BUY' | 'SELL',
  qty: string,
  price: string,
  quoteQty: string,
  commission = '0',
  commissionAsset = 'USD',
  symbol = 'BTCUSD',
): Fill {
  tradeId += 1;
  return {
    tradeId: String(tradeId),
    orderId: '1',
    clientOrderId: 'c',
    symbol,
    side,
    price,
    qty,
    quoteQty,
    commission,
    commissionAsset,
    isMaker: false,
    time: 0,
  };
}

describe('AverageCostLedger', () => {
  it('applyFill when two buys at different prices then the average cost is the weighted mean', () => {
    const ledger = new AverageCostLedger();
    const prices = new MapPriceBook();
    ledger.applyFill(fill('BUY', '1', '100', '100'), BTCUSD, prices);
    ledger.applyFill(fill('BUY', '3', '200', '600'), BTCUSD, prices);
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '4', costBasisUsd: '700', realizedPnlUsd: '0' });
  });

  it('applyFill when selling part then realizes proceeds minus average cost and leaves the average cost unchanged', () => {
    const ledger = new AverageCostLedger();
    const prices = new MapPriceBook();
    ledger.applyFill(fill('BUY', '1', '100', '100'), BTCUSD, prices);
    ledger.applyFill(fill('BUY', '3', '200', '600'), BTCUSD, prices);
    const effect = ledger.applyFill(fill('SELL', '2', '250', '500'), BTCUSD, prices);
    // average cost 175: 500 - 2 x 175 = 150
    expect(effect).toEqual({ realizedPnlUsd: '150', feeUsd: '0', notes: [] });
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '2', costBasisUsd: '350', realizedPnlUsd: '150' });
  });

  it('applyFill when a BUY pays commission in the base asset then fewer units arrive for the same cost', () => {
    const ledger = new AverageCostLedger();
    const effect = ledger.applyFill(fill('BUY', '1', '60000', '60000', '0.001', 'BTC'), BTCUSD, new MapPriceBook());
    expect(effect.feeUsd).toBe('60');
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '0.999', costBasisUsd: '60000' });
  });

  it('applyFill when a SELL pays commission in the quote asset then realized P&L is net of it', () => {
    const ledger = new AverageCostLedger();
    ledger.applyFill(fill('BUY', '1', '100', '100'), BTCUSD, new MapPriceBook());
    const effect = ledger.applyFill(fill('SELL', '1', '120', '120', '0.12', 'USD'), BTCUSD, new MapPriceBook());
    expect(effect.realizedPnlUsd).toBe('19.88');
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '0', costBasisUsd: '0', realizedPnlUsd: '19.88' });
  });

  it('applyFill when the commission is in a third asset with a price then it is added to the buy cost and BNB is disposed of at that value', () => {
    const ledger = new AverageCostLedger();
    const prices = new MapPriceBook({ BNBUSD: '500' });
    ledger.openingBalance('BNB', '1', prices);
    const effect = ledger.applyFill(fill('BUY', '1', '100', '100', '0.01', 'BNB'), BTCUSD, prices);
    expect(effect.feeUsd).toBe('5');
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '1', costBasisUsd: '105' });
    expect(ledger.holding('BNB')).toMatchObject({ quantity: '0.99', costBasisUsd: '495', realizedPnlUsd: '0' });
  });

  it('applyFill when a third-asset commission has no price and none is held then it is ignored and a note says so', () => {
    const ledger = new AverageCostLedger();
    const effect = ledger.applyFill(fill('BUY', '1', '100', '100', '0.01', 'BNB'), BTCUSD, new MapPriceBook());
    expect(effect.feeUsd).toBeNull();
    expect(effect.notes[0]).toContain('commission of 0.01 BNB ignored in P&L');
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '1', costBasisUsd: '100' });
  });

  it('applyFill when a third-asset commission has no price but is held then it is valued at its average cost', () => {
    const ledger = new AverageCostLedger();
    ledger.openingBalance('BNB', '2', new MapPriceBook({ BNBUSD: '400' }));
    const buy = ledger.applyFill(fill('BUY', '1', '100', '100', '0.5', 'BNB'), BTCUSD, new MapPriceBook());
    expect(buy.feeUsd).toBe('200');
    expect(buy.notes[0]).toContain('valued at its average cost');
    expect(ledger.holding('BNB')).toMatchObject({ quantity: '1.5', costBasisUsd: '600' });
    expect(ledger.holding('BTC')).toMatchObject({ costBasisUsd: '300' });
  });

  it('applyFill when trading ETHBTC then BTC is disposed of with realized P&L and ETH acquired at the USD value', () => {
    const ledger = new AverageCostLedger();
    ledger.applyFill(fill('BUY', '1', '50000', '50000'), BTCUSD, new MapPriceBook());
    const prices = new MapPriceBook({ BTCUSD: '60000' });
    const effect = ledger.applyFill(
      fill('BUY', '10', '0.05', '0.5', '0', 'ETH', 'ETHBTC'),
      { baseAsset: 'ETH', quoteAsset: 'BTC' },
      prices,
    );
    // 0.5 BTC worth 30000 USD; its cost was 25000
    expect(effect.realizedPnlUsd).toBe('5000');
    expect(ledger.holding('ETH')).toMatchObject({ quantity: '10', costBasisUsd: '30000' });
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '0.5', costBasisUsd: '25000', realizedPnlUsd: '5000' });
  });

  it('applyFill when quoted in USDT with no USDTUSD price then the fill is valued 1:1 and USDT is a position at cost 1', () => {
    const ledger = new AverageCostLedger();
    const prices = new MapPriceBook();
    ledger.openingBalance('USDT', '1000', prices);
    ledger.applyFill(
      fill('BUY', '0.01', '60000', '600', '0', 'BTC', 'BTCUSDT'),
      { baseAsset: 'BTC', quoteAsset: 'USDT' },
      prices,
    );
    expect(ledger.holding('USDT')).toMatchObject({ quantity: '400', costBasisUsd: '400', realizedPnlUsd: '0' });
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '0.01', costBasisUsd: '600' });
  });

  it('openingBalance when the asset has a price then the basis is its market value; when not then it waits for the first price', () => {
    const ledger = new AverageCostLedger();
    expect(ledger.openingBalance('BTC', '0.5', new MapPriceBook({ BTCUSD: '60000' }))).toContain(
      'basis set to its market value when first seen, 30000 USD',
    );
    expect(ledger.openingBalance('SOL', '10', new MapPriceBook())).toContain('no price yet');
    expect(ledger.holding('SOL')).toMatchObject({ quantity: '10', costBasisUsd: '0', pendingBasisQuantity: '10' });
    ledger.settlePendingBases(new MapPriceBook({ SOLUSD: '150' }));
    expect(ledger.holding('SOL')).toMatchObject({ costBasisUsd: '1500', pendingBasisQuantity: '0' });
    expect(ledger.openingBalance('USD', '10000', new MapPriceBook())).toBe('USD: cash, no position');
    expect(ledger.holding('USD')).toBeUndefined();
  });

  it('applyFill when selling an opening balance that had no price yet then the fill price sets its basis', () => {
    const ledger = new AverageCostLedger();
    ledger.openingBalance('SOL', '10', new MapPriceBook());
    const effect = ledger.applyFill(
      fill('SELL', '5', '150', '750', '0', 'USD', 'SOLUSD'),
      { baseAsset: 'SOL', quoteAsset: 'USD' },
      new MapPriceBook(),
    );
    expect(effect.realizedPnlUsd).toBe('0');
    expect(ledger.holding('SOL')).toMatchObject({ quantity: '5', costBasisUsd: '750', pendingBasisQuantity: '0' });
  });

  it('applyFill when selling more than the ledger holds then quantity stops at zero and the excess realizes nothing', () => {
    const ledger = new AverageCostLedger();
    ledger.applyFill(fill('BUY', '1', '100', '100'), BTCUSD, new MapPriceBook());
    const effect = ledger.applyFill(fill('SELL', '2', '150', '300'), BTCUSD, new MapPriceBook());
    expect(effect.realizedPnlUsd).toBe('50');
    expect(effect.notes[0]).toContain('1 BTC more was disposed of than the ledger holds');
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '0', costBasisUsd: '0' });
  });

  it('reconcile when balances differ from the ledger then adds deposits at market value and removes withdrawals at cost', () => {
    const ledger = new AverageCostLedger();
    const prices = new MapPriceBook({ BTCUSD: '200', ETHUSD: '10' });
    ledger.applyFill(fill('BUY', '2', '100', '200'), BTCUSD, prices);
    ledger.openingBalance('DOGE', '5', new MapPriceBook({ DOGEUSD: '1' }));
    const notes = ledger.reconcile(
      [
        { asset: 'BTC', total: '1.5' },
        { asset: 'ETH', total: '3' },
        { asset: 'USD', total: '50' },
      ],
      prices,
    );
    expect(notes).toHaveLength(3);
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '1.5', costBasisUsd: '150', realizedPnlUsd: '0' });
    expect(ledger.holding('ETH')).toMatchObject({ quantity: '3', costBasisUsd: '30' });
    expect(ledger.holding('DOGE')).toMatchObject({ quantity: '0', costBasisUsd: '0' });
  });

  it('applyFill when a partial sale leaves an average cost with a repeating decimal then costs still add up exactly', () => {
    const ledger = new AverageCostLedger();
    const prices = new MapPriceBook();
    ledger.applyFill(fill('BUY', '3', '100', '100'), BTCUSD, prices);
    ledger.applyFill(fill('SELL', '1', '40', '40'), BTCUSD, prices);
    ledger.applyFill(fill('SELL', '1', '40', '40'), BTCUSD, prices);
    ledger.applyFill(fill('SELL', '1', '40', '40'), BTCUSD, prices);
    expect(ledger.holding('BTC')).toMatchObject({ quantity: '0', costBasisUsd: '0', realizedPnlUsd: '20' });
    expect(ledger.totalRealizedPnlUsd()).toBe('20');
  });
});
