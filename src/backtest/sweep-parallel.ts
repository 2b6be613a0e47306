/**
 * A parameter sweep on worker threads: each worker opens the market from its spec (its own copy
 * of the data) and takes the next combination from a shared queue until none is left. A
 * combination's result depends only on the data, the document and the range, so the rows are the
 * ones a single thread computes; they are ranked in grid order, so the ranking is identical too.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InvalidInput } from '../model/errors.js';
import type { RiskLimits } from '../risk/limits.js';
import type { TemplateValues } from '../strategy/index.js';
import { BacktestAborted } from './runner.js';
import { planSweep, rankedResult, type SweepResult, type UnrankedRow } from './sweep.js';

export interface ParallelSweepRequest {
  template: string;
  base?: TemplateValues;
  grid: Record<string, (number | string)[]>;
  /** The market as `binance-mcp backtest --market` takes it: replay:PATH or synthetic[:SEED]. */
  market: string;
  symbols: readonly string[];
  from: number;
  to: number;
  inSample?: number;
  riskLimits?: RiskLimits;
  /** Worker threads (default: the cores available, at most one per combination). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** What a worker is started with. */
export interface SweepWorkerData {
  market: string;
  symbols: readonly string[];
  template: string;
  base: TemplateValues;
  from: number;
  to: number;
  split: number;
  riskLimits?: RiskLimits;
}

export type ToWorker = { index: number; combo: TemplateValues } | { stop: true };
export type FromWorker =
  | { ready: true }
  | { half: number }
  | { index: number; row: UnrankedRow }
  | { error: { name: string; message: string; field?: string; allowed?: string } };

export const MAX_SWEEP_WORKERS = 64;

export async function runSweepParallel(req: ParallelSweepRequest): Promise<SweepResult> {
  const plan = planSweep(req);
  const wanted = req.workers ?? availableParallelism();
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_SWEEP_WORKERS)
    throw new InvalidInput('workers', `${wanted} is not usable`, `a whole number from 1 to ${MAX_SWEEP_WORKERS}`);
  if (req.signal?.aborted) throw new BacktestAborted();
  const count = Math.min(wanted, plan.combos.length);
  const rows: UnrankedRow[] = new Array(plan.combos.length);
  const total = plan.combos.length * 2;
  let done = 0;
  let next = 0;
  const data: SweepWorkerData = {
    market: req.market,
    symbols: req.symbols,
    template: req.template,
    base: req.base ?? {},
    from: req.from,
    to: req.to,
    split: plan.split,
    ...(req.riskLimits ? { riskLimits: req.riskLimits } : {}),
  };
  const workers: Worker[] = [];
  const stopAll = () => Promise.all(workers.map((w) => w.terminate()));
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const onAbort = () => fail(new BacktestAborted());
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const feed = (w: Worker) => {
        if (next < plan.combos.length) {
          const index = next++;
          w.postMessage({ index, combo: plan.combos[index]! } satisfies ToWorker);
        } else {
          w.postMessage({ stop: true } satisfies ToWorker);
          if (++finished === count) {
            req.signal?.removeEventListener('abort', onAbort);
            resolve();
          }
        }
      };
      for (let k = 0; k < count; k++) {
        const w = spawnSweepWorker(data);
        workers.push(w);
        w.on('message', (m: FromWorker) => {
          if (failed) return;
          if ('ready' in m) feed(w);
          else if ('half' in m) req.onProgress?.(++done, total);
          else if ('row' in m) {
            rows[m.index] = m.row;
            feed(w);
          } else fail(revive(m.error));
        });
        w.on('error', (e) => fail(e));
        w.on('exit', (code) => {
          if (code !== 0) fail(new Error(`a sweep worker stopped with exit code ${code}`));
        });
      }
    });
  } finally {
    await stopAll();
  }
  return rankedResult(
    req,
    req.market,
    plan,
    rows,
    `on ${count} worker thread${count === 1 ? '' : 's'} (each combination computed exactly as on one thread)`,
  );
}

/** Runs from source (tsx, vitest) as from the build: the worker entry is the sibling file of this one. */
function spawnSweepWorker(data: SweepWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData: data });
  // From source the worker registers tsx first (a dev dependency, present wherever .ts files run).
  const entry = JSON.stringify(new URL('./sweep-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

function revive(e: { name: string; message: string; field?: string; allowed?: string }): Error {
  if (e.name === 'InvalidInput' && e.field !== undefined && e.allowed !== undefined) {
    const prefix = `${e.field}: `;
    const suffix = ` (allowed: ${e.allowed})`;
    const problem =
      e.message.startsWith(prefix) && e.message.endsWith(suffix)
        ? e.message.slice(prefix.length, e.message.length - suffix.length)
        : e.message;
    return new InvalidInput(e.field, problem, e.allowed);
  }
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}
