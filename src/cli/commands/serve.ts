import { createApp } from '../../compose.js';
import { MarketUnavailable } from '../../compose/market-source.js';
import { resolveAuthToken } from '../../compose/auth-token.js';
import type { Config } from '../../config.js';
import { createLogger } from '../../log.js';
import { serve } from '../../mcp/serve.js';

interface ServeFlags {
  stdio?: boolean;
  http?: boolean;
  httpOnly?: boolean;
}

/** `binance-mcp serve`: MCP over stdio when stdin is not a terminal, plus HTTP, until stopped. */
export async function serveCommand(config: Config, flags: ServeFlags): Promise<void> {
  const logger = createLogger(config.logLevel);
  const useStdio = !flags.httpOnly && (flags.stdio === true || !process.stdin.isTTY);
  const useHttp = flags.http !== false;
  if (!useStdio && !useHttp) {
    process.stderr.write('binance-mcp: --no-http without stdio leaves nothing to serve (pipe an MCP client to stdin, or drop --no-http)\n');
    process.exit(2);
  }
  let app;
  try {
    app = await createApp(config, { logger });
  } catch (error) {
    if (error instanceof MarketUnavailable) {
      process.stderr.write(`binance-mcp: ${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  const auth = useHttp ? resolveAuthToken(config) : undefined;
  const serving = await serve(app, {
    stdio: useStdio,
    ...(auth ? { http: { host: config.httpHost, port: config.httpPort, token: auth.token, allowedOrigins: config.allowedOrigins } } : {}),
  });
  if (serving.httpUrl && auth) {
    const where = auth.file ? `generated for this run, also in ${auth.file}` : 'from MCP_AUTH_TOKEN';
    process.stderr.write(`binance-mcp: HTTP on ${serving.httpUrl} (REST /mcp/contexts, /mcp/actions; MCP at /mcp)\n`);
    if (auth.file) process.stderr.write(`binance-mcp: bearer token (${where}): ${auth.token}\n`);
  }
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
