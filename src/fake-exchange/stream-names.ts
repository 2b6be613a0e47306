import { isInterval, type Interval } from '../model/candle.js';

export type MarketStream =
  | { kind: 'trade'; symbol: string }
  | { kind: 'aggTrade'; symbol: string }
  | { kind: 'miniTicker'; symbol: string }
  | { kind: 'ticker'; symbol: string }
  | { kind: 'diffDepth'; symbol: string; speedMs: number }
  | { kind: 'bookTicker'; symbol: string }
  | { kind: 'kline'; symbol: string; interval: Interval }
  | { kind: 'depth'; symbol: string; levels: 5 | 10 | 20; speedMs: number };

export type StreamName =
  { kind: 'market'; name: string; stream: MarketStream } | { kind: 'user'; name: string; listenKey: string };

/**
 * Binance's stream names (web-socket-streams.md): lowercase symbol, then @trade, @aggTrade,
 * @bookTicker, @miniTicker, @ticker, @kline_<interval>, @depth<5|10|20>[@100ms|@1000ms] (partial
 * book), @depth[@100ms|@1000ms] (diff depth); a listenKey alone is the user-data stream.
 */
export function parseStreamName(name: string): StreamName | undefined {
  if (/^[A-Za-z0-9]{20,100}$/.test(name)) return { kind: 'user', name, listenKey: name };
  const match = /^([a-z0-9]{2,20})@(.+)$/.exec(name);
  if (!match) return undefined;
  const symbol = match[1]!.toUpperCase();
  const channel = match[2]!;
  if (channel === 'trade') return { kind: 'market', name, stream: { kind: 'trade', symbol } };
  if (channel === 'aggTrade') return { kind: 'market', name, stream: { kind: 'aggTrade', symbol } };
  if (channel === 'miniTicker') return { kind: 'market', name, stream: { kind: 'miniTicker', symbol } };
  if (channel === 'ticker') return { kind: 'market', name, stream: { kind: 'ticker', symbol } };
  const diff = /^depth(@100ms|@1000ms)?$/.exec(channel);
  if (diff)
    return { kind: 'market', name, stream: { kind: 'diffDepth', symbol, speedMs: diff[1] === '@100ms' ? 100 : 1000 } };
  if (channel === 'bookTicker') return { kind: 'market', name, stream: { kind: 'bookTicker', symbol } };
  const kline = /^kline_(\w+)$/.exec(channel);
  if (kline)
    return isInterval(kline[1]!)
      ? { kind: 'market', name, stream: { kind: 'kline', symbol, interval: kline[1] } }
      : undefined;
  const depth = /^depth(5|10|20)(@100ms|@1000ms)?$/.exec(channel);
  if (depth) {
    const levels = Number(depth[1]) as 5 | 10 | 20;
    return {
      kind: 'market',
      name,
      stream: { kind: 'depth', symbol, levels, speedMs: depth[2] === '@100ms' ? 100 : 1000 },
    };
  }
  return undefined;
}
