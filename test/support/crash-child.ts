/**
 * Child process for the crash test: trades on the paper desk as fast as it can and prints one JSON
 * line per acknowledged outcome. The parent SIGKILLs it at a random moment.
 */
import { createApp } from '../../src/compose/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';

const [dbFile, dataDir, seedArg] = process.argv.slice(2);
let seed = Number(seedArg ?? 1);
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const app = await createApp(
  loadConfig({ MARKET_DATA: 'synthetic', DATABASE_URL: `sqlite:${dbFile}`, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
  { logger: silentLogger() },
);
const desk = app.desks.paper;
const price = Number((await app.market.quotes(['BTCUSD']))[0]!.price);
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);

for (let i = 0; ; i++) {
  const roll = random();
  if (roll < 0.15) {
    const open = await desk.orders({ openOnly: true, limit: 50 });
    const target = open.find((o) => o.orderId && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'));
    if (target) {
      const outcome = await desk.cancelOrder({ symbol: target.symbol, orderId: target.orderId!, origin: 'crash-test' });
      process.stdout.write(
        `${JSON.stringify({ ack: 'cancel', clientOrderId: target.clientOrderId, status: outcome.status })}\n`,
      );
      continue;
    }
  }
  const side = random() < 0.6 ? 'BUY' : 'SELL';
  const limit = roll > 0.6;
  const quantity = (0.0005 + random() * 0.002).toFixed(5);
  const limitPrice = (price * (side === 'BUY' ? 0.97 : 1.03)).toFixed(2);
  const outcome = await desk.placeOrder({
    symbol: 'BTCUSD',
    side,
    orderType: limit ? 'LIMIT' : 'MARKET',
    quantity,
    ...(limit ? { price: limitPrice } : {}),
    actionId: `crash-${seedArg}-${i}`,
    origin: 'crash-test',
  });
  process.stdout.write(
    `${JSON.stringify({ ack: 'order', clientOrderId: outcome.clientOrderId, status: outcome.status, orderStatus: outcome.order?.status ?? null })}\n`,
  );
}
