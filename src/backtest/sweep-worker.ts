/** A sweep worker thread (see sweep-parallel.ts): opens the market once, then runs the combinations it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { InvalidInput } from '../model/errors.js';
import { openBacktestMarket } from './market.js';
import { runCombination } from './sweep.js';
import type { FromWorker, SweepWorkerData, ToWorker } from './sweep-parallel.js';

const data = workerData as SweepWorkerData;
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);
const market = openBacktestMarket(data.market, data.symbols);
const req = {
  template: data.template,
  base: data.base,
  market,
  from: data.from,
  to: data.to,
  ...(data.riskLimits ? { riskLimits: data.riskLimits } : {}),
};

port.on('message', (m: ToWorker) => {
  if ('stop' in m) {
    void market.close().finally(() => port.close());
    return;
  }
  runCombination(req, m.combo, data.split, () => send({ half: m.index }))
    .then((row) => send({ index: m.index, row }))
    .catch((error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      send({
        error: {
          name: e.name,
          message: e.message,
          ...(e instanceof InvalidInput ? { field: e.field, allowed: e.allowed } : {}),
        },
      });
    });
});
send({ ready: true });
