import { describe, expect, it } from 'vitest';
import { walkBook } from '../../src/app/book-walk.js';
import type { BookLevel } from '../../src/model/market-snapshot.js';

const asks: BookLevel[] = [
  ['49619.89', '0.04332'],
  ['49619.90', '0.09288'],
  ['49619.91', '5'],
];

describe('walkBook', () => {
  it('by quote amount when a level covers the rest then the book is not exhausted and the quote is spent exactly', () => {
    const walk = walkBook(asks, '10000', { side: 'BUY', byQuote: true });
    expect(walk.exhausted).toBe(false);
    expect(walk.quoteQty).toBe('10000');
    expect(walk.levelsUsed).toBe(3);
  });

  it('by quote amount when one price does not divide the amount then it is still not exhausted', () => {
    const walk = walkBook([['3', '10']], '10', { side: 'BUY', byQuote: true });
    expect(walk.exhausted).toBe(false);
    expect(walk.quoteQty).toBe('10');
  });

  it('by quote amount when the book is too thin then it is exhausted', () => {
    const walk = walkBook([['3', '1']], '10', { side: 'BUY', byQuote: true });
    expect(walk.exhausted).toBe(true);
    expect(walk.filledQty).toBe('1');
  });

  it('by base quantity when the levels cover it then it fills exactly', () => {
    const walk = walkBook(asks, '0.1', { side: 'BUY' });
    expect(walk).toMatchObject({ exhausted: false, filledQty: '0.1', levelsUsed: 2 });
  });
});
