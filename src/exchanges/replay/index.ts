export {
  ReplayMarketData,
  openReplay,
  replayStartTime,
  DEFAULT_REPLAY_SPEED,
  DEFAULT_REPLAY_WARMUP,
  type ReplayOptions,
} from './replay-market-data.js';
export { parseKlineCsv, parseTime, timeToMs, type KlineSeries } from './csv-klines.js';
export { loadReplayFiles, symbolFromFileName } from './replay-files.js';
export { ReplayTape, TICKS_PER_CANDLE } from './replay-tape.js';
