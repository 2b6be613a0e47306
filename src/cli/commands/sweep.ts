import { availableParallelism } from 'node:os';
import { openBacktestMarket } from '../../backtest/market.js';
import { runSweep } from '../../backtest/sweep.js';
import { runSweepParallel } from '../../backtest/sweep-parallel.js';
import { SystemClock } from '../../clock/index.js';
import { riskLimitsFrom } from '../../compose/app.js';
import type { Config } from '../../config.js';
import { InvalidInput } from '../../model/errors.js';
import { InvalidStrategy, instantiateTemplate } from '../../strategy/index.js';
import { ProgressBar } from '../progress.js';
import { parseWhen } from './backtest.js';

const DAY = 86_400_000;

/** `binance-mcp sweep TEMPLATE --market ... --grid fast=5,10 --grid slow=50,100 [--param k=v] [--in-sample 0.7] [--workers N] [--json]`. */
export async function sweepCommand(
  config: Config,
  template: string,
  flags: {
    market: string;
    grid?: string[];
    param?: string[];
    from?: string;
    to?: string;
    inSample: string;
    workers?: string;
    json?: boolean;
  },
): Promise<void> {
  try {
    const pairs = (list: string[] | undefined, flag: string) =>
      Object.fromEntries(
        (list ?? []).map((p) => {
          const eq = p.indexOf('=');
          if (eq <= 0)
            throw new InvalidInput(
              flag,
              `"${p}" is not name=value`,
              flag === '--grid' ? 'e.g. --grid fast=5,10,20' : 'e.g. --param interval=4h',
            );
          return [p.slice(0, eq), p.slice(eq + 1)];
        }),
      );
    const grid = Object.fromEntries(
      Object.entries(pairs(flags.grid, '--grid')).map(([k, v]) => [
        k,
        String(v)
          .split(',')
          .map((x) => x.trim())
          .map((x) => (x !== '' && Number.isFinite(Number(x)) ? Number(x) : x)),
      ]),
    );
    if (Object.keys(grid).length === 0)
      throw new InvalidInput('--grid', 'no grid given', 'one or more --grid name=v1,v2,...');
    const base = pairs(flags.param, '--param');
    const { strategy } = instantiateTemplate(template, base);
    const market = openBacktestMarket(flags.market, strategy.symbols);
    const bar = new ProgressBar('sweep');
    try {
      const today = Math.floor(new SystemClock().now() / DAY) * DAY;
      const to = flags.to ? parseWhen('--to', flags.to) : (market.range?.to ?? today);
      const from = flags.from ? parseWhen('--from', flags.from) : (market.range?.from ?? to - 90 * DAY);
      const workers = flags.workers === undefined ? availableParallelism() : Number(flags.workers);
      const common = {
        template,
        base,
        grid,
        from,
        to,
        inSample: Number(flags.inSample),
        riskLimits: riskLimitsFrom(config),
        onProgress: (d: number, t: number) => bar.update(d, t),
      };
      const result =
        workers === 1
          ? await runSweep({ ...common, market })
          : await runSweepParallel({ ...common, market: flags.market, symbols: strategy.symbols, workers });
      bar.done();
      if (flags.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        return;
      }
      const pct = (x: number) => `${(x * 100).toFixed(2)}%`.padStart(8);
      const sh = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2)).padStart(6);
      const lines = [
        `${template} on ${result.market}, ranked by ${result.rankedBy}`,
        'rank  IS return  IS Sharpe  OOS return  OOS Sharpe  parameters',
      ];
      for (const r of result.rows) {
        lines.push(
          `${String(r.rank).padStart(4)}  ${pct(r.inSample.totalReturn)}   ${sh(r.inSample.sharpe)}     ${pct(r.outOfSample.totalReturn)}     ${sh(r.outOfSample.sharpe)}  ${JSON.stringify(r.parameters)}${r.warning ? `  ! ${r.warning}` : ''}`,
        );
      }
      process.stdout.write([...lines, ...result.notes.map((n) => `note: ${n}`)].join('\n') + '\n');
    } finally {
      await market.close();
    }
  } catch (error) {
    if (error instanceof InvalidInput || error instanceof InvalidStrategy || error instanceof RangeError) {
      process.stderr.write(`binance-mcp: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
