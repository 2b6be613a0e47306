/** Which account an order belongs to: the simulated one, or the real one on Binance.US. */
// eslint-disable-next-line no-restricted-syntax -- the one home of the list
export const TRADING_MODES = ['paper', 'live'] as const;
export type TradingMode = (typeof TRADING_MODES)[number];
