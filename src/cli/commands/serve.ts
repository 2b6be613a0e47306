import { keepAuthToken, resolveAuthToken } from '../../compose/auth-token.js';
import { deferredApp, startInBackground } from '../../compose/deferred-app.js';
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
    process.stderr.write(
      'binance-mcp: --no-http without stdio leaves nothing to serve (pipe an MCP client to stdin, or drop --no-http)\n',
    );
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
  // A start-up failure (Binance.US unreachable, a journal that cannot be opened) does not end the
  // process: the host keeps its tools, every call says why and how to fix it, and the start is retried.
  // The journal and the market open once MCP is served, so the host's first tools/list does not wait for their modules.
  let served!: () => void;
  const serving_ = new Promise<void>((resolve) => (served = resolve));
  const starter = startInBackground(
    () =>
      serving_
        .then(() => import('../../compose/app.js'))
        .then(({ createApp }) => createApp(config, { logger, serving: true })),
    {
      logger,
      explain: (error) => startupProblem(config, error),
      onFailure: (message, attempt) => {
        if (attempt === 1) process.stderr.write(`binance-mcp: ${message}\n`);
      },
    },
  );
  const app = deferredApp(starter, {
    version: VERSION,
    live: livePolicyOf(config),
    marketSource: marketSourceName(config),
    logger,
    now: () => Date.now(),
  });

  const auth = useHttp ? resolveAuthToken(config) : undefined;
  const serving = await serve(app, {
    stdio: useStdio,
    ...(auth
      ? {
          http: {
            host: config.httpHost,
            port: config.httpPort,
            token: auth.token,
            allowedOrigins: config.allowedOrigins,
            allowedHosts: config.allowedHosts,
          },
        }
      : {}),
  });
  setImmediate(served);
  if (serving.httpUrl && auth) {
    process.stderr.write(
      `binance-mcp: HTTP on ${serving.httpUrl} (REST /mcp/contexts, /mcp/actions; MCP at /mcp; dashboard: open /dashboard?token=<token> once)\n`,
    );
    if (auth.file && keepAuthToken(auth))
      process.stderr.write(
        `binance-mcp: bearer token (${auth.source === 'file' ? 'kept' : 'generated, now kept'} in ${auth.file}): ${auth.token}\n`,
      );
    else if (auth.file)
      process.stderr.write(
        `binance-mcp: bearer token (generated for this run; ${auth.file} holds another server's): ${auth.token}\n`,
      );
  }
  void starter.ready.then((real) => {
    for (const line of Object.values(real.owners?.() ?? {})) process.stderr.write(`binance-mcp: ${line}\n`);
    logger.info(
      { market: app.market.source, live: app.live.available, http: serving.httpUrl, stdio: useStdio },
      'binance-mcp serving',
    );
  });

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

/** What went wrong at start, what the server does about it, and the exact fix. */
export function startupProblem(config: Config, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  const marketDown = config.market.kind === 'live' && /Binance\.US at /.test(why);
  const fix = marketDown
    ? 'To trade offline now, add "--market", "synthetic" to this server\'s "args" in the host config ' +
      '(e.g. "args": ["/path/to/dist/cli/main.js", "--market", "synthetic"]) and restart the host.'
    : 'Fix the setting named above (or DATABASE_URL / --db for the journal) and restart the host.';
  return (
    `binance-mcp could not start: ${why.replace(/\s*To run without it, start with .*$/, '')} ` +
    `The server stays up and tries again by itself (every minute at most); nothing can be traded until then. ${fix}`
  );
}
