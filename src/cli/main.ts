#!/usr/bin/env node
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createLogger } from '../log.js';
import { VERSION } from '../version.js';
import { TRADING_MODES } from '../model/trading-mode.js';
import { settingsSource } from './settings-source.js';

/** Parses settings, turning a bad value into one clear line on stderr and exit code 2. */
export function configFrom(flags: Record<string, unknown>): Config {
  try {
    return loadConfig(settingsSource(flags));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`binance-mcp: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

const program = new Command();
program
  .name('binance-mcp')
  .description(
    'MCP server through which an AI model trades crypto on Binance.US under limits only you set (paper mode by default).',
  )
  .version(VERSION)
  .showHelpAfterError();

function withMarketOptions(command: Command): Command {
  return command
    .addOption(new Option('--market <source>', 'market data: live, synthetic or replay:PATH (env MARKET_DATA)'))
    .addOption(
      new Option('--mode <mode>', 'what the operator allows: paper, or live too (env TRADING_MODE)').choices(
        TRADING_MODES,
      ),
    )
    .addOption(new Option('--db <url>', 'journal database: sqlite:PATH or postgres://... (env DATABASE_URL)'));
}

withMarketOptions(program.command('serve', { isDefault: true }))
  .description('serve MCP over stdio (when stdin is not a terminal) and HTTP on 127.0.0.1:8000')
  .option('--stdio', 'serve MCP over stdio even when stdin is a terminal')
  .option('--no-http', 'no HTTP server (stdio only)')
  .option('--http-only', 'HTTP only, even when stdin is not a terminal')
  .addOption(new Option('--host <host>', 'HTTP address (env HTTP_HOST)'))
  .addOption(new Option('--port <port>', 'HTTP port (env HTTP_PORT)'))
  .action(async (flags) => {
    const { serveCommand } = await import('./commands/serve.js');
    await serveCommand(configFrom(flags), flags);
  });

program
  .command('config')
  .description('print (or --write) the MCP host config that starts this installation')
  .command('claude')
  .description("the Claude Desktop entry, with this machine's absolute node and CLI paths")
  .option('--market <source>', 'add --market to the entry: synthetic, replay:PATH or live')
  .option('--write', "merge the entry into Claude Desktop's config file (the old one kept as .bak)")
  .option('--file <path>', "the host config file (default: Claude Desktop's on this platform)")
  .action(async (flags) => {
    const { configClaudeCommand } = await import('./commands/config.js');
    process.exitCode = configClaudeCommand(flags);
  });

program
  .command('demo')
  .description(
    'offline demo: a synthetic market, paper trading, a temporary journal, and a real MCP client walking the discovery workflow',
  )
  .action(async () => {
    const { runDemo } = await import('../demo/run-demo.js');
    process.exitCode = await runDemo();
  });

const paper = program.command('paper').description('the paper (simulated) account');
withMarketOptions(paper.command('reset'))
  .description('cancel open paper orders and restore the starting balances (PAPER_STARTING_BALANCES)')
  .action(async (flags) => {
    const { paperResetCommand } = await import('./commands/paper-reset.js');
    await paperResetCommand(configFrom(flags));
  });

const risk = program.command('risk').description('risk limits and the daily-loss circuit breaker (operator only)');
withMarketOptions(risk.command('status'))
  .description("show limits, today's loss and the circuit breaker")
  .addOption(new Option('--account <mode>', 'which account').choices(TRADING_MODES).default('paper'))
  .option('--json', 'print JSON')
  .action(async (flags) => {
    const { riskStatusCommand } = await import('./commands/risk.js');
    await riskStatusCommand(configFrom(flags), flags);
  });
withMarketOptions(risk.command('reset'))
  .description("clear a tripped circuit breaker for today (re-bases today's loss at the current equity)")
  .addOption(new Option('--account <mode>', 'which account').choices(TRADING_MODES).default('paper'))
  .action(async (flags) => {
    const { riskResetCommand } = await import('./commands/risk.js');
    await riskResetCommand(configFrom(flags), flags);
  });

const live = program
  .command('live')
  .description('consent to live trading (operator only): grants and one-time confirmation codes');
live
  .command('allow')
  .description(
    'let sessions switch to live without asking the human, for a while (journaled; a running server honours it)',
  )
  .addOption(new Option('--db <url>', 'journal database (env DATABASE_URL)'))
  .option('--for <duration>', 'how long: 30m, 1h, 2d (at most 7d)', '1h')
  .action(async (flags) => {
    const { liveAllow } = await import('./commands/live.js');
    process.stdout.write(`${await liveAllow(configFrom(flags), flags)}\n`);
  });
live
  .command('revoke')
  .description('end every running live grant now; sessions live on one return to paper')
  .addOption(new Option('--db <url>', 'journal database (env DATABASE_URL)'))
  .action(async (flags) => {
    const { liveRevoke } = await import('./commands/live.js');
    process.stdout.write(`${await liveRevoke(configFrom(flags))}\n`);
  });
live
  .command('code')
  .description('print the one-time code a human must type to confirm the pending switch to live')
  .addOption(new Option('--db <url>', 'journal database (env DATABASE_URL)'))
  .action(async (flags) => {
    const { liveCode } = await import('./commands/live.js');
    const answer = await liveCode(configFrom(flags));
    process.stdout.write(`${answer.text}\n`);
    if (!answer.found) process.exitCode = 1;
  });

program
  .command('notify')
  .description('notifications (Telegram, Discord, webhook)')
  .command('test')
  .description('send a test message to every configured channel and say which worked')
  .action(async (flags) => {
    const { notifyTest } = await import('./commands/notify.js');
    const r = await notifyTest(configFrom(flags));
    process.stdout.write(`${r.text}\n`);
    if (!r.allWorked) process.exitCode = 1;
  });

program
  .command('trades')
  .description("export the journal's fills (newest first)")
  .addOption(new Option('--db <url>', 'journal database (env DATABASE_URL)'))
  .addOption(new Option('--account <mode>', 'which account').choices(TRADING_MODES).default('paper'))
  .option('--csv', 'CSV instead of a table')
  .option('--orders', 'export orders instead of fills')
  .option('--symbol <symbol>', 'only this symbol')
  .option('--limit <n>', 'at most this many rows', '1000')
  .action(async (flags) => {
    const { tradesCommand } = await import('./commands/trades.js');
    await tradesCommand(configFrom(flags), flags);
  });

program
  .command('backtest <strategy>')
  .description(
    'backtest a strategy document (FILE.json) or a template (see `strategies`) through the paper matching engine and risk limits at simulated time',
  )
  .requiredOption('--market <source>', 'synthetic, synthetic:SEED or replay:PATH (kline CSV file or folder)')
  .option(
    '--from <time>',
    'first bar (date, ISO time or epoch ms; default: the start of the data, or 90 days back for synthetic)',
  )
  .option('--to <time>', 'end, exclusive (default: the end of the data, or today for synthetic)')
  .option('--param <name=value...>', 'template parameter(s)')
  .option('--starting-quote <amount>', 'starting balance in the quote asset', '10000')
  .option('--json', 'print the full result as JSON on stdout')
  .option('--report <file>', 'write the HTML report to this file')
  .addOption(new Option('--db <url>', 'journal database (env DATABASE_URL)'))
  .action(async (strategy, flags) => {
    const { backtestCommand } = await import('./commands/backtest.js');
    const { market, ...rest } = flags;
    await backtestCommand(configFrom({ db: rest.db }), strategy, { ...rest, market });
  });

withMarketOptions(program.command('run <strategy>'))
  .description(
    'run a strategy document (FILE.json) or template forward on closed bars until Ctrl-C: paper by default, every order through the risk limits and the journal',
  )
  .option('--param <name=value...>', 'template parameter(s)')
  .option('--live', 'on the live account: needs TRADING_MODE=live and a running `live allow` grant')
  .action(async (strategy, flags) => {
    const { runCommand } = await import('./commands/run.js');
    const { param, live, ...settings } = flags;
    await runCommand(configFrom(settings), strategy, { param, live });
  });

program
  .command('sweep <template>')
  .description(
    "grid search over a template's parameters with an in-sample / out-of-sample split, ranked, warning when out-of-sample falls far below in-sample",
  )
  .requiredOption('--market <source>', 'synthetic, synthetic:SEED or replay:PATH')
  .option('--grid <name=v1,v2...>', 'values to try for a parameter (repeat per parameter)')
  .option('--param <name=value...>', 'fixed template parameter(s)')
  .option('--from <time>', 'start of the range')
  .option('--to <time>', 'end of the range (exclusive)')
  .option('--in-sample <fraction>', 'fraction of the range used in-sample', '0.7')
  .option('--workers <n>', 'worker threads (default: the cores available)')
  .option('--json', 'print JSON')
  .action(async (template, flags) => {
    const { sweepCommand } = await import('./commands/sweep.js');
    await sweepCommand(configFrom({}), template, flags);
  });

program
  .command('strategies')
  .description('list the strategy templates with their parameters and defaults')
  .option('--json', 'print JSON')
  .action(async (flags) => {
    const { strategiesCommand } = await import('./commands/strategies.js');
    strategiesCommand(flags);
  });

program
  .command('data')
  .description('historical market data for backtests and replays')
  .command('fetch <symbol> <interval>')
  .description(
    'download Binance.US klines into the local cache (DATA_DIR/klines/SYMBOL/INTERVAL/, a CSV per month) that --market replay:PATH reads; resumable',
  )
  .requiredOption('--from <time>', 'first candle (date, ISO time or epoch ms)')
  .option('--to <time>', 'end, exclusive (default: now; the candle still forming is never kept)')
  .option('--out <dir>', 'cache folder (default DATA_DIR/klines)')
  .action(async (symbol, interval, flags) => {
    const { dataFetchCommand } = await import('./commands/data-fetch.js');
    await dataFetchCommand(configFrom({}), symbol, interval, flags);
  });

program
  .command('fake-exchange')
  .description('run a local fake of the Binance.US API (REST + websocket) to try live mode without money')
  .option('--port <port>', 'port (0 = any free port)', '9443')
  .option('--market <source>', 'prices: synthetic or replay:PATH', 'synthetic')
  .option('--api-key <key>', 'accepted API key (env BINANCE_API_KEY; made up when absent)')
  .option('--api-secret <secret>', 'accepted API secret (env BINANCE_API_SECRET; made up when absent)')
  .action(async (flags) => {
    const { runFakeExchangeCommand } = await import('../fake-exchange/command.js');
    await runFakeExchangeCommand({
      port: Number(flags.port),
      market: flags.market,
      apiKey: flags.apiKey ?? process.env.BINANCE_API_KEY,
      apiSecret: flags.apiSecret ?? process.env.BINANCE_API_SECRET,
    });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  createLogger().fatal({ err: error }, 'binance-mcp stopped');
  process.stderr.write(`binance-mcp: ${(error as Error).message}\n`);
  process.exit(1);
});
