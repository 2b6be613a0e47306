import type { Config } from '../../config.js';
import { startingBalances } from '../../compose/paper-broker.js';
import { openStore } from '../../store/index.js';

/**
 * `binance-mcp paper reset`: open paper orders canceled, starting balances restored, in one
 * journal transaction (history is kept). A server running on the same journal follows it.
 */
export async function paperResetCommand(config: Config): Promise<void> {
  const store = await openStore({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const balances = startingBalances(config);
    const open = await store.listOrders({ mode: 'paper', openOnly: true, limit: 100_000 });
    await store.resetPaperAccount(balances, Date.now());
    process.stdout.write(`paper account reset: ${open.length} open order(s) canceled; balances now ${balances.map((b) => `${b.free} ${b.asset}`).join(', ')}\n`);
    process.stdout.write('a running binance-mcp server on this journal applies it before its next order or account view\n');
  } finally {
    await store.close();
  }
}
