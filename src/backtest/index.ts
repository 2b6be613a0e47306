export { runBacktest, BacktestAborted, defaultWarmup, type BacktestRequest } from './runner.js';
export { openBacktestMarket, parseMarketSpec, type BacktestMarket } from './market.js';
export type { BacktestResult, BuyAndHold } from './result.js';
