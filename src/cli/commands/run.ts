import type { RunView } from '../../app/strategy-run-view.js';
import type { LiveLicense } from '../../app/strategy-runs.js';
import type { App } from '../../app/app.js';
import { createApp } from '../../compose/app.js';
import type { Config } from '../../config.js';
import { InvalidInput } from '../../model/errors.js';
import { InvalidStrategy } from '../../strategy/index.js';
import { strategyRef } from './backtest.js';

export interface RunFlags {
  param?: string[];
  live?: boolean;
}

/**
 * `binance-mcp run STRATEGY.json|TEMPLATE [--param k=v] [--live]`: runs a strategy forward in this
 * process until Ctrl-C (which stops the run) or until it stops by itself. Paper by default; --live
 * only by the live consent rules: the operator's running grant (`binance-mcp live allow`) or
 * LIVE_REQUIRES_CONFIRMATION=false.
 */
export async function runCommand(config: Config, target: string, flags: RunFlags): Promise<void> {
  let app: App | undefined;
  try {
    const ref = strategyRef(target, flags.param ?? []);
    app = await createApp(config);
    const mode = flags.live ? 'live' : 'paper';
    const license = flags.live ? await liveLicense(app) : undefined;
    const run = await app.strategyRuns.start({ strategy: ref, mode, origin: 'cli', license });
    process.stderr.write(`${describe(run)}\nCtrl-C stops it (positions it opened stay in the account).\n`);
    app.strategyRuns.startTimer();
    const reason = await untilStopped(app, run.id);
    process.stderr.write(`${reason}\n`);
  } catch (error) {
    if (error instanceof InvalidStrategy) {
      process.stderr.write(
        `binance-mcp: the strategy is not valid:\n${error.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`,
      );
      process.exitCode = 2;
    } else if (error instanceof InvalidInput) {
      process.stderr.write(`binance-mcp: ${error.message}\n`);
      process.exitCode = 2;
    } else throw error;
  } finally {
    await app?.close();
  }
}

async function liveLicense(app: App): Promise<LiveLicense> {
  if (!app.desks.live) throw new InvalidInput('--live', app.live.reason, 'paper (leave out --live)');
  if (!app.live.requiresConfirmation) return { kind: 'waived' };
  const grant = await app.live.consent.activeGrant();
  if (!grant)
    throw new InvalidInput(
      '--live',
      'live trading needs the consent of the human running it',
      '`binance-mcp live allow --for 1h` first, then --live while the grant runs',
    );
  return { kind: 'grant', id: grant.id };
}

function untilStopped(app: App, id: string): Promise<string> {
  return new Promise((resolve) => {
    let reported = '';
    const stopHere = (signal: string) => {
      clearInterval(timer);
      void app.strategyRuns.stop(id, `stopped by the operator (${signal})`).then((v) => resolve(describe(v)));
    };
    process.once('SIGINT', () => stopHere('SIGINT'));
    process.once('SIGTERM', () => stopHere('SIGTERM'));
    const timer = setInterval(() => {
      void app.strategyRuns.status({ id }).then(([v]) => {
        if (!v) return;
        const line = describe(v);
        if (line !== reported) process.stderr.write(`${(reported = line)}\n`);
        if (v.status === 'stopped') {
          clearInterval(timer);
          process.exitCode = 1;
          resolve(line);
        }
      });
    }, 2_000);
  });
}

function describe(v: RunView): string {
  const lots = v.openLots.map((l) => `${l.qty} ${l.symbol} @ ${l.entryPrice}`).join(', ') || 'none';
  const base = `${v.mode} run ${v.id} ${v.name} (${v.symbols.join(',')} ${v.interval}, hash ${v.hash.slice(0, 12)}): ${v.status}`;
  const detail = `last bar ${v.lastBar ?? '-'}, orders ${v.orders.orders} (filled ${v.orders.filled}, denied ${v.orders.denied}, refused ${v.orders.rejected}), open ${lots}`;
  const why = v.stopReason ?? v.lastProblem;
  return `${base}; ${detail}${why ? `; ${why}` : ''}`;
}
