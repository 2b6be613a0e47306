import { Migrator } from 'kysely';
import { expect } from 'vitest';
import { journalMigrations, SEQUENCES, type KyselyStore } from '../../src/store/index.js';

/**
 * A journal written before the sequences existed (0001 only), holding paper ids up to 41 (orders)
 * and 77 (trades): after the upgrade the sequences start above them.
 */
export async function expectSequencesSeededFromOldIds(openUnmigrated: () => Promise<KyselyStore>): Promise<void> {
  const store = await openUnmigrated();
  try {
    const { error } = await new Migrator({ db: store.database, provider: journalMigrations(store.dialect) }).migrateTo(
      '0001_journal',
    );
    expect(error).toBeUndefined();
    const order = (clientOrderId: string, orderId: string | null, mode = 'paper') => ({
      mode,
      client_order_id: clientOrderId,
      order_id: orderId,
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      time_in_force: null,
      price: null,
      stop_price: null,
      orig_qty: '1',
      orig_quote_order_qty: null,
      executed_qty: '1',
      cummulative_quote_qty: '1',
      status: 'FILLED',
      triggered: null,
      reason: null,
      origin: 'test',
      created_at: 1,
      updated_at: 1,
    });
    await store.database
      .insertInto('orders')
      .values([order('a', '41'), order('b', '9'), order('c', null), order('d', 'x-500'), order('e', '900', 'live')])
      .execute();
    const trade = (tradeId: string, mode = 'paper') => ({
      mode,
      trade_id: tradeId,
      order_id: '41',
      client_order_id: 'a',
      symbol: 'BTCUSD',
      side: 'BUY',
      price: '1',
      qty: '1',
      quote_qty: '1',
      commission: '0',
      commission_asset: 'BTC',
      is_maker: 0,
      time: 1,
    });
    await store.database
      .insertInto('trade_logs')
      .values([trade('77'), trade('8'), trade('99999', 'live')])
      .execute();
    await store.migrate();
    expect(await store.reserve(SEQUENCES.paperOrderId, 1)).toBe(42);
    expect(await store.reserve(SEQUENCES.paperTradeId, 1)).toBe(78);
  } finally {
    await store.close();
  }
}
