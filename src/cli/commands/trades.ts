import type { Config } from '../../config.js';
import { openStore } from '../../store/index.js';
import type { TradingMode } from '../../model/trading-mode.js';

const FILL_COLUMNS = [
  'time',
  'mode',
  'symbol',
  'side',
  'price',
  'qty',
  'quoteQty',
  'commission',
  'commissionAsset',
  'isMaker',
  'orderId',
  'clientOrderId',
  'tradeId',
] as const;
const ORDER_COLUMNS = [
  'createdAt',
  'mode',
  'symbol',
  'side',
  'type',
  'status',
  'price',
  'stopPrice',
  'origQty',
  'executedQty',
  'cummulativeQuoteQty',
  'orderId',
  'clientOrderId',
  'origin',
  'reason',
] as const;

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function render(rows: Record<string, unknown>[], columns: readonly string[], csv: boolean): string {
  const cells = rows.map((row) =>
    columns.map((c) =>
      (c === 'time' || c === 'createdAt') && typeof row[c] === 'number'
        ? new Date(row[c] as number).toISOString()
        : row[c],
    ),
  );
  if (csv) return [columns.join(','), ...cells.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
  const text = cells.map((r) => r.map((v) => (v === undefined || v === null ? '' : String(v))));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns), ...text.map(line)].join('\n') + '\n';
}

/** `binance-mcp trades [--csv] [--orders]`: the journal, exported. */
export async function tradesCommand(
  config: Config,
  flags: { account: TradingMode; csv?: boolean; orders?: boolean; symbol?: string; limit: string },
): Promise<void> {
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write(`binance-mcp: --limit ${flags.limit} is not valid: allowed a whole number of at least 1\n`);
    process.exit(2);
  }
  const store = await openStore({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const symbol = flags.symbol?.toUpperCase();
    const query = { mode: flags.account, limit, ...(symbol ? { symbol } : {}) };
    const rows = flags.orders ? await store.listOrders(query) : await store.listFills(query);
    process.stdout.write(
      render(
        rows as unknown as Record<string, unknown>[],
        flags.orders ? ORDER_COLUMNS : FILL_COLUMNS,
        flags.csv === true,
      ),
    );
  } finally {
    await store.close();
  }
}
