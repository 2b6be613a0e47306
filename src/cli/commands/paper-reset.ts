import type { Config } from '../../config.js';
import { startingBalances } from '../../compose/paper-broker.js';
import { askOwner, ownerName } from '../../ownership/index.js';
import { openKyselyStore } from '../../store/index.js';

/**
 * `binance-mcp paper reset`: open paper orders canceled, starting balances restored, in one
 * journal transaction (history is kept). When a server owns the paper account the reset goes
 * through it, so it applies at once; else it is written to the journal, which the next owner reads.
 */
export async function paperResetCommand(config: Config): Promise<void> {
  const store = await openKyselyStore({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const open = await store.listOrders({ mode: 'paper', openOnly: true, limit: 100_000 });
    const viaOwner = await askOwner<null>(store, 'paper', 'resetPaperAccount');
    const balances = viaOwner.answered ? ((await store.loadBalances('paper')) ?? []) : startingBalances(config);
    if (!viaOwner.answered) await store.resetPaperAccount(balances, Date.now());
    process.stdout.write(
      `paper account reset: ${open.length} open order(s) canceled; balances now ${balances.map((b) => `${b.free} ${b.asset}`).join(', ')}\n`,
    );
    process.stdout.write(
      viaOwner.answered
        ? `applied by the running server that owns the paper account: ${ownerName(viaOwner.lease)}\n`
        : `written to the journal (${viaOwner.why}); a server on this journal applies it before its next order or account view\n`,
    );
  } finally {
    await store.close();
  }
}
