/** Candles for the price chart, with the account's fills on them as buy/sell markers. */
import type { App } from '../app/app.js';
import { INTERVAL_MS, intervalStart, type Interval } from '../model/candle.js';
import { Big, str, type Decimal } from '../model/money.js';
import type { Side } from '../model/order.js';
import type { TradingMode } from '../ports/store.js';

export interface ChartCandle {
  time: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
}

/** The fills of one side within one bar: total quantity at their volume-weighted average price. */
export interface TradeMarker {
  /** Open time of the bar the fills fall in (ms). */
  time: number;
  side: Side;
  price: Decimal;
  qty: Decimal;
  quoteQty: Decimal;
  fills: number;
  firstFillTime: number;
  lastFillTime: number;
}

export interface CandleChart {
  mode: TradingMode;
  symbol: string;
  interval: Interval;
  candles: ChartCandle[];
  markers: TradeMarker[];
  /** True when the window held more fills than were read, so some markers are missing. */
  markersTruncated: boolean;
}

const MAX_MARKER_FILLS = 10_000;

export async function candleChart(
  app: App,
  mode: TradingMode,
  symbol: string,
  interval: Interval,
  limit: number,
): Promise<CandleChart> {
  const candles = await app.market.candles(symbol, interval, { limit });
  const since = candles[0]?.openTime ?? intervalStart(interval, app.clock.now());
  const fills = await app.history.fills({ mode, symbol, since, limit: MAX_MARKER_FILLS + 1 });
  const groups = new Map<string, TradeMarker & { qtyBig: Big; quoteBig: Big }>();
  for (const fill of fills.slice(0, MAX_MARKER_FILLS)) {
    const time = intervalStart(interval, fill.time);
    const key = `${time}:${fill.side}`;
    const group = groups.get(key) ?? {
      time,
      side: fill.side,
      price: '0',
      qty: '0',
      quoteQty: '0',
      fills: 0,
      firstFillTime: fill.time,
      lastFillTime: fill.time,
      qtyBig: new Big(0),
      quoteBig: new Big(0),
    };
    group.qtyBig = group.qtyBig.plus(fill.qty);
    group.quoteBig = group.quoteBig.plus(fill.quoteQty);
    group.fills += 1;
    group.firstFillTime = Math.min(group.firstFillTime, fill.time);
    group.lastFillTime = Math.max(group.lastFillTime, fill.time);
    groups.set(key, group);
  }
  const markers = [...groups.values()]
    .map(({ qtyBig, quoteBig, ...marker }) => ({
      ...marker,
      qty: str(qtyBig),
      quoteQty: str(quoteBig),
      price: str(quoteBig.div(qtyBig).round(8)),
    }))
    .sort((a, b) => a.time - b.time || a.side.localeCompare(b.side));
  return {
    mode,
    symbol,
    interval,
    candles: candles.map((c) => ({
      time: c.openTime,
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      volume: c.volume,
    })),
    markers,
    markersTruncated: fills.length > MAX_MARKER_FILLS,
  };
}

/** Open times of the `count` bars ending with the one that holds `now`, ascending. */
export function barOpenTimes(interval: Interval, now: number, count: number): number[] {
  const times: number[] = [];
  let open = intervalStart(interval, now);
  for (let i = 0; i < count; i++) {
    times.push(open);
    open = interval === '1M' ? previousMonth(open) : open - INTERVAL_MS[interval];
  }
  return times.reverse();
}

function previousMonth(open: number): number {
  const d = new Date(open);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
}
