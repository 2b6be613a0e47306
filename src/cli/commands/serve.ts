import type { App } from '../../app/app.js';
import { keepAuthToken, resolveAuthToken } from '../../compose/auth-token.js';
import { deferredApp } from '../../compose/deferred-app.js';
import { livePolicyOf, marketSourceName } from '../../compose/live-policy.js';
import type { Config } from '../../config.js';
import { createLogger } from '../../log.js';
import { serve } from '../../compose/serve.js';
import { exposureRefusal, exposureWarning } from '../../http/request-guards.js';
import { VERSION } from '../../version.js';

interface ServeFlags {
  stdio?: boolean;
  http?: boolean;
  httpOnly?: boolean;
}

/**
 * `binance-mcp serve`: MCP over stdio when stdin is not a terminal, plus HTTP, until stopped.
 * The MCP handshake is answered at once; the journal and the market open behind it (deferredApp),
 * so a desktop host sees the tools without waiting for them.
 */
export async function serveCommand(config: Config, flags: ServeFlags): Promise<void> {
  const logger = createLogger(config.logLevel);
  const useStdio = !flags.httpOnly && (flags.stdio === true || !process.stdin.isTTY);
  const useHttp = flags.http !== false;
  if (!useStdio && !useHttp) {
    process.stderr.write('binance-mcp: --no-http without stdio leaves nothing to serve (pipe an MCP client to stdin, or drop --no-http)\n');
    process.exit(2);
  }
  if (useHttp) {
    const refused = exposureRefusal(config.httpHost, config.allowedHosts);
    if (refused) {
      process.stderr.write(`binance-mcp: not starting: ${refused}\n`);
      process.exit(2);
    }
    const warning = exposureWarning(config.httpHost, config.httpPort, config.allowedHosts);
    if (warning) process.stderr.write(`${warning}\n`);
  }
  const ready: Promise<App> = import('../../compose.js').then(({ createApp }) => createApp(config, { logger, serving: true }));
  ready.catch((error: unknown) => {
    process.stderr.write(`binance-mcp: ${(error as Error).message}\n`);
    logger.fatal({ err: error }, 'could not start');
    process.exit(3);
  });
  const app = deferredApp(ready, {
    version: VERSION,
    live: livePolicyOf(config),
    marketSource: marketSourceName(config),
    storeDialect: config.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres',
    logger,
    now: () => Date.now(),
  });

  const auth = useHttp ? resolveAuthToken(config) : undefined;
  const serving = await serve(app, {
    stdio: useStdio,
    ...(auth ? { http: { host: config.httpHost, port: config.httpPort, token: auth.token, allowedOrigins: config.allowedOrigins, allowedHosts: config.allowedHosts } } : {}),
  });
  if (serving.httpUrl && auth) {
    process.stderr.write(`binance-mcp: HTTP on ${serving.httpUrl} (REST /mcp/contexts, /mcp/actions; MCP at /mcp; dashboard: open /dashboard?token=<token> once)\n`);
    if (auth.file && keepAuthToken(auth)) process.stderr.write(`binance-mcp: bearer token (${auth.source === 'file' ? 'kept' : 'generated, now kept'} in ${auth.file}): ${auth.token}\n`);
    else if (auth.file) process.stderr.write(`binance-mcp: bearer token (generated for this run; ${auth.file} holds another server's): ${auth.token}\n`);
  }
  await ready;
  logger.info({ market: app.market.source, live: app.live.available, http: serving.httpUrl, stdio: useStdio }, 'binance-mcp serving');

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'stopping');
    await serving.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (useStdio) {
    await serving.stdioClosed;
    await stop('stdin closed');
  }
}
