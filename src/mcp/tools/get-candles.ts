import * as z from 'zod';
import type { Candle } from '../../model/candle.js';
import { limit, symbol, timeframe, timestamp } from '../../requests/schemas.js';
import { isoTime, ok, RESULT_BUDGET_CHARS } from '../results.js';
import { guarded, output, type ToolRegistrar } from './common.js';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
type Row = [string, string, string, string, string, string];

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Candles (OHLCV)',
  description:
    'OHLCV rows [time, open, high, low, close, volume], oldest first; note says how many came and why, nextCursor pages back.',
  inputSchema: z.strictObject({
    symbol,
    timeframe: timeframe.default('1h'),
    limit: limit(1, 1000, 100),
    start_time: timestamp.optional().describe('Epoch ms or ISO date'),
    end_time: timestamp.optional().describe('Epoch ms or ISO date'),
    cursor: z
      .number({ error: 'must be the nextCursor of a previous answer' })
      .int()
      .min(0)
      .optional()
      .describe('From nextCursor'),
  }),
  outputSchema: output({
    symbol: z.string(),
    timeframe: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string())),
    count: z.number(),
    nextCursor: z.number().nullable(),
    note: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

const row = (c: Candle): Row => [
  isoTime(c.openTime),
  c.open,
  c.high,
  c.low,
  c.close,
  c.volume.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''),
];

/** The newest rows that fit in `budget` characters of JSON. */
function newestThatFit(rows: Row[], budget: number): number {
  let used = 2;
  let kept = 0;
  for (let i = rows.length - 1; i >= 0; i -= 1) {
    used += JSON.stringify(rows[i]).length + 1;
    if (used > budget) break;
    kept += 1;
  }
  return kept;
}

export const registerGetCandles: ToolRegistrar = (server, deps) => {
  server.registerTool('get_candles', config, (args) =>
    guarded(deps, 'get_candles', async () => {
      const endTime = args.cursor ?? args.end_time;
      const candles = await deps.app.market.candles(args.symbol, args.timeframe, {
        limit: args.limit,
        startTime: args.start_time,
        endTime,
      });
      const all = candles.map(row);
      const kept = newestThatFit(all, RESULT_BUDGET_CHARS - 1_500);
      const shown = candles.slice(candles.length - kept);
      const rows = all.slice(all.length - kept);
      const left = candles.length - kept;
      const first = shown[0];
      const last = shown.at(-1);
      const notes = [
        first && last
          ? `${kept} candles ${isoTime(first.openTime)} to ${isoTime(last.openTime)} (open times, UTC)`
          : 'no candles in that range',
      ];
      if (candles.length < args.limit) notes.push(`${args.limit} asked, ${candles.length} exist in the range`);
      if (left > 0)
        notes.push(
          `${left} older ones would pass the result size cap: call again with cursor=${first!.openTime - 1} and limit=${left}`,
        );
      if (last && last.closeTime > deps.app.clock.now()) notes.push('the last candle is still open');
      return ok(deps.session.mode, {
        symbol: args.symbol,
        timeframe: args.timeframe,
        columns: COLUMNS,
        rows,
        count: kept,
        nextCursor: left > 0 ? first!.openTime - 1 : null,
        note: notes.join('; ') + '.',
      });
    }),
  );
};
