/**
 * Issue 9 item 2: limits on every asset an order changes. Attack: with MAX_POSITION_SIZE_USD=1000,
 * buy ETH with USD, sell the ETH for BTC on ETHBTC, four times: every order is within the limit for
 * its base asset, but the BTC position grows to several thousand USD.
 */
import { Big } from '../../src/model/money.js';
import { afterEach, describe, expect, it } from 'vitest';
import { restDesk, type Json, type RestDesk } from './rest-desk.js';

let desk: RestDesk | undefined;
afterEach(async () => {
  await desk?.close();
  desk = undefined;
});

async function worthUsd(d: RestDesk, asset: string): Promise<Big> {
  return new Big(await d.held(asset)).times(await d.lastPrice(`${asset}USD`));
}

describe('limits on every asset an order changes (REST /mcp/actions, real app)', () => {
  it('when ETH bought with USD is sold for BTC on ETHBTC again and again then the BTC position stays within MAX_POSITION_SIZE_USD', async () => {
    desk = await restDesk({ MAX_POSITION_SIZE_USD: '1000' });
    const results: Json[] = [];
    for (let round = 0; round < 4; round++) {
      results.push(
        await desk.trade(`buy-eth-${round}`, {
          symbol: 'ETHUSD',
          side: 'BUY',
          order_type: 'MARKET',
          quote_quantity: '900',
        }),
      );
      const eth = new Big(await desk.held('ETH')).round(4, Big.roundDown).toFixed(4);
      results.push(
        await desk.trade(`swap-eth-btc-${round}`, {
          symbol: 'ETHBTC',
          side: 'SELL',
          order_type: 'MARKET',
          quantity: eth,
        }),
      );
    }
    const btc = await worthUsd(desk, 'BTC');
    expect(btc.lte(1000 * 1.01), `BTC position worth ${btc.toFixed(2)} USD`).toBe(true);
    expect(results[0]!.status).toBe('placed');
    expect(results[1]!.status).toBe('placed');
    const denied = results.filter((r) => r.status === 'denied');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied[0]!.error.code).toBe('MAX_POSITION_SIZE_EXCEEDED');
    expect(denied[0]!.error.message).toMatch(/ETHBTC the BTC position/);
  }, 60_000);

  it('when MAX_TOTAL_EXPOSURE_USD is set then buys of different assets stop at the cap, and a sale back to USD still passes', async () => {
    desk = await restDesk({ MAX_TOTAL_EXPOSURE_USD: '1500' });
    const btc = await desk.trade('btc', { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quote_quantity: '900' });
    expect(btc.status).toBe('placed');
    const eth = await desk.trade('eth', { symbol: 'ETHUSD', side: 'BUY', order_type: 'MARKET', quote_quantity: '900' });
    expect(eth.status).toBe('denied');
    expect(eth.error.code).toBe('MAX_TOTAL_EXPOSURE_EXCEEDED');
    expect(eth.error.message).toMatch(/MAX_TOTAL_EXPOSURE_USD is 1500/);
    const sol = await desk.trade('sol', { symbol: 'SOLUSD', side: 'BUY', order_type: 'MARKET', quote_quantity: '500' });
    expect(sol.status).toBe('placed');
    const sell = await desk.trade('sell-btc', {
      symbol: 'BTCUSD',
      side: 'SELL',
      order_type: 'MARKET',
      quantity: new Big(await desk.held('BTC')).round(5, Big.roundDown).toFixed(5),
    });
    expect(sell.status).toBe('placed');
  }, 60_000);

  it('when the daily-loss breaker is tripped then a SELL on ETHBTC (a swap into BTC) is denied and a SELL of ETH into USDT still passes', async () => {
    desk = await restDesk({ MAX_DAILY_LOSS_USD: '1', PAPER_STARTING_BALANCES: 'USD:10000,ETH:1' });
    expect(
      (await desk.trade('fees', { symbol: 'SOLUSD', side: 'BUY', order_type: 'MARKET', quote_quantity: '3000' }))
        .status,
    ).toBe('placed');
    expect((await desk.app.desks.paper.riskStatus()).breaker.tripped).toBe(true);
    const swap = await desk.trade('swap', { symbol: 'ETHBTC', side: 'SELL', order_type: 'MARKET', quantity: '0.5' });
    expect(swap.status).toBe('denied');
    expect(swap.error.code).toBe('DAILY_LOSS_BREAKER_TRIPPED');
    const out = await desk.trade('out', { symbol: 'ETHUSDT', side: 'SELL', order_type: 'MARKET', quantity: '0.5' });
    expect(out.status, JSON.stringify(out)).toBe('placed');
  }, 60_000);
});
