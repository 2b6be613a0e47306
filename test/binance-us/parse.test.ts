import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  parseAccountFeeRates,
  parseAggTrade,
  parseBookTicker,
  parseCancelOrder,
  parseCandle,
  parseExecutionReport,
  parseMarket,
  parseMyTrade,
  parseNewOrder,
  parseOrderBook,
  parsePriceTick,
  parseQueryOrder,
  parseRateLimits,
  parseTicker24h,
  parseTrade,
  parseTradingFee,
  UnexpectedWireValue,
} from '../../src/exchanges/binance-us/parse.js';
import type {
  AccountRaw,
  AggTradeRaw,
  BookTickerRaw,
  DepthRaw,
  ExchangeInfoRaw,
  ExecutionReportRaw,
  KlineRaw,
  NewOrderRaw,
  QueryOrderRaw,
  SymbolRaw,
  Ticker24hRaw,
  TradeRaw,
} from '../../src/exchanges/binance-us/raw-types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(repoRoot, '../shared/data/binance');
const hasData = existsSync(dataDir);
const load = <T>(name: string): T => JSON.parse(readFileSync(resolve(dataDir, name), 'utf8')) as T;
const FEES = { maker: '0.001', taker: '0.001' };

describe.skipIf(!hasData)(
  'parse recorded Binance responses (needs ../shared/data/binance, absent in a fresh clone)',
  () => {
    it('a real Binance.US exchangeInfo symbol entry then parses into a Market with its filters', () => {
      const market = parseMarket(load<SymbolRaw>('exchangeInfo-symbol-BTCUSDT.as-stored-by-ccxt.json'), FEES);
      expect(market).toMatchObject({
        symbol: 'BTCUSDT',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        status: 'TRADING',
        baseAssetPrecision: 8,
        quoteAssetPrecision: 8,
      });
      expect(market.orderTypes).toEqual(['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);
      expect(market.filters.price.tickSize).toBe('0.01000000');
      expect(market.filters.lotSize.stepSize).toBe('0.00001000');
      expect(market.filters.minNotional).toEqual({ minNotional: '1.00000000', applyToMarket: true, avgPriceMins: 5 });
      expect(market.filters.marketLotSize?.maxQty).toBe('24.60517579');
      expect(market.filters.percentPrice).toEqual({ multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 });
      expect(market.filters.maxNumOrders).toBe(200);
      expect(market.filters.maxNumAlgoOrders).toBe(5);
    });

    it('the real Binance.US 24hr ticker, klines and aggTrades then parse', () => {
      const raw = load<Record<string, unknown>>('raw-http-responses.as-stored-by-ccxt.json');
      const ticker = parseTicker24h(raw['GET /api/v3/ticker/24hr?symbol=BTCUSDT'] as Ticker24hRaw);
      expect(ticker).toMatchObject({
        symbol: 'BTCUSDT',
        lastPrice: '73346.14000000',
        count: 18090,
        openTime: 1710241844727,
      });
      const [candle] = (raw['GET /api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1'] as KlineRaw[]).map(parseCandle);
      expect(candle).toEqual({
        openTime: 1710327600000,
        open: '73249.24000000',
        high: '73394.30000000',
        low: '73234.62000000',
        close: '73347.62000000',
        volume: '0.23592000',
        closeTime: 1710331199999,
        quoteVolume: '17296.89307540',
        trades: 55,
        takerBuyBaseVolume: '0.22048000',
        takerBuyQuoteVolume: '16164.89454310',
      });
      const [trade] = (raw['GET /api/v3/aggTrades?symbol=BTCUSDT&limit=1'] as AggTradeRaw[]).map((t) =>
        parseAggTrade(t, 'BTCUSDT'),
      );
      expect(trade).toEqual({
        symbol: 'BTCUSDT',
        price: '73245.90000000',
        qty: '0.00132000',
        time: 1710327551703,
        buyerIsMaker: false,
      });
    });

    it('the recorded binance.com exchangeInfo then gives markets and the rate limits', () => {
      const info = load<ExchangeInfoRaw>('recorded/http_spot_market_exchange_info.json');
      const markets = info.symbols.map((s) => parseMarket(s, FEES));
      expect(markets.map((m) => m.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
      expect(markets[1].filters.lotSize.stepSize).toBe('0.00010000');
      expect(parseRateLimits(info.rateLimits)).toEqual({
        weightPerMinute: 1200,
        orders: [
          { intervalMs: 10_000, limit: 50 },
          { intervalMs: 86_400_000, limit: 160000 },
        ],
      });
    });

    it('the recorded depth, klines, trades, aggTrades, bookTicker and price then parse', () => {
      const book = parseOrderBook(load<DepthRaw>('recorded/http_spot_market_depth.json'), 'BTCUSDT', 1);
      expect(book.bids).toHaveLength(10);
      expect(book.asks[0]).toEqual(['60650.01000000', '0.61982000']);
      expect(book.lastUpdateId).toBe(14527958487);
      const candles = load<KlineRaw[]>('recorded/http_spot_market_klines.json').map(parseCandle);
      expect(candles[0].openTime).toBe(1634943780000);
      expect(candles.every((c) => c.closeTime === c.openTime + 59_999)).toBe(true);
      const trades = load<TradeRaw[]>('recorded/http_spot_market_trades.json').map((t) => parseTrade(t, 'BTCUSDT'));
      expect(trades[0]).toEqual({
        symbol: 'BTCUSDT',
        price: '60650.00000000',
        qty: '0.02924000',
        time: 1634942949263,
        buyerIsMaker: true,
      });
      expect(
        load<AggTradeRaw[]>('recorded/http_spot_market_agg_trades.json').map((t) => parseAggTrade(t, 'BTCUSDT')).length,
      ).toBeGreaterThan(0);
      expect(parseBookTicker(load<BookTickerRaw>('recorded/http_spot_market_book_ticker.json')).askPrice).toBe(
        '60741.68000000',
      );
      expect(
        parsePriceTick(load<{ symbol: string; price: string }>('recorded/http_spot_market_ticker_price.json'), 7),
      ).toEqual({ symbol: 'BTCUSDT', price: '60740.00000000', time: 7 });
    });

    it('the real Binance.US executionReport frame then gives a FILLED order and its fill with the fee in USD', () => {
      const frame = load<{ data: ExecutionReportRaw }>('recorded/ws_spot_execution_report_binance_us.json');
      const report = parseExecutionReport(frame.data);
      expect(report.executionType).toBe('TRADE');
      expect(report.order).toMatchObject({
        orderId: '2281896601',
        clientOrderId: 'T0ESHzso0banw0QiPFZYgj',
        side: 'SELL',
        type: 'LIMIT',
        status: 'FILLED',
        executedQty: '0.00042000',
        price: '117290.77000000',
      });
      expect(report.order.stopPrice).toBeUndefined();
      expect(report.fill).toMatchObject({
        tradeId: '88685053',
        price: '117290.77000000',
        qty: '0.00042000',
        quoteQty: '49.26212340',
        commission: '0.00492621',
        commissionAsset: 'USD',
        isMaker: false,
      });
    });
  },
);

const queryOrder: QueryOrderRaw = {
  symbol: 'BTCUSD',
  orderId: 28,
  orderListId: -1,
  clientOrderId: 'abc-1',
  price: '30000.00',
  origQty: '0.50000000',
  executedQty: '0.20000000',
  cummulativeQuoteQty: '6000.00',
  status: 'PARTIALLY_FILLED',
  timeInForce: 'GTC',
  type: 'STOP_LOSS_LIMIT',
  side: 'SELL',
  stopPrice: '30100.00',
  icebergQty: '0.0',
  time: 1700000000000,
  updateTime: 1700000001000,
  isWorking: true,
  workingTime: 1700000000500,
  origQuoteOrderQty: '0.00000000',
};

describe('parse inline fixtures', () => {
  it('a FULL new-order response then gives the order and its taker fills', () => {
    const raw: NewOrderRaw = {
      symbol: 'BTCUSD',
      orderId: 5,
      orderListId: -1,
      clientOrderId: 'mcp-1',
      transactTime: 1700000000000,
      price: '0.00000000',
      origQty: '0.01000000',
      executedQty: '0.01000000',
      cummulativeQuoteQty: '300.10',
      status: 'FILLED',
      timeInForce: 'GTC',
      type: 'MARKET',
      side: 'BUY',
      workingTime: 1700000000000,
      selfTradePreventionMode: 'EXPIRE_MAKER',
      fills: [{ price: '30010.00', qty: '0.01000000', commission: '0.00001000', commissionAsset: 'BTC', tradeId: 77 }],
    };
    const { order, fills } = parseNewOrder(raw);
    expect(order).toMatchObject({
      orderId: '5',
      status: 'FILLED',
      type: 'MARKET',
      price: undefined,
      timeInForce: undefined,
      createdAt: 1700000000000,
    });
    expect(fills).toEqual([
      {
        tradeId: '77',
        orderId: '5',
        clientOrderId: 'mcp-1',
        symbol: 'BTCUSD',
        side: 'BUY',
        price: '30010.00',
        qty: '0.01000000',
        quoteQty: '300.1',
        commission: '0.00001000',
        commissionAsset: 'BTC',
        isMaker: false,
        time: 1700000000000,
      },
    ]);
  });

  it('an ACK-only new-order response then throws saying FULL was expected', () => {
    expect(() =>
      parseNewOrder({ symbol: 'BTCUSD', orderId: 1, orderListId: -1, clientOrderId: 'x', transactTime: 1 }),
    ).toThrow(/FULL/);
  });

  it('a queried stop order then keeps stopPrice and whether it has triggered', () => {
    expect(parseQueryOrder(queryOrder)).toMatchObject({
      orderId: '28',
      stopPrice: '30100.00',
      triggered: true,
      status: 'PARTIALLY_FILLED',
      origQuoteOrderQty: undefined,
      updatedAt: 1700000001000,
    });
  });

  it('a queried trailing stop then keeps trailingDelta, and trailingTime once tracking began (-1 before: absent)', () => {
    const trailing = { ...queryOrder, triggered: undefined, trailingDelta: 100 };
    expect(parseQueryOrder({ ...trailing, trailingTime: 1700000000500 })).toMatchObject({
      trailingDelta: 100,
      trailingTime: 1700000000500,
    });
    expect(parseQueryOrder({ ...trailing, trailingTime: -1 })).not.toHaveProperty('trailingTime');
  });

  it('a cancel response then names the order by its original client order id', () => {
    const order = parseCancelOrder(
      {
        ...queryOrder,
        type: 'LIMIT',
        origClientOrderId: 'abc-1',
        clientOrderId: 'cancel-9',
        status: 'CANCELED',
        transactTime: 5,
      },
      0,
    );
    expect(order).toMatchObject({ clientOrderId: 'abc-1', status: 'CANCELED', updatedAt: 5 });
  });

  it.each([
    ['status', { status: 'PENDING_NEW' }, /order status: "PENDING_NEW"/],
    ['type', { type: 'STOP_LOSS' }, /order type: "STOP_LOSS"/],
    ['side', { side: 'SHORT' }, /side: "SHORT"/],
    ['timeInForce', { timeInForce: 'GTX' }, /timeInForce: "GTX"/],
  ])('an order with an unknown %s then throws UnexpectedWireValue naming it', (_field, patch, message) => {
    const bad = { ...queryOrder, type: 'LIMIT', ...patch };
    expect(() => parseQueryOrder(bad)).toThrow(UnexpectedWireValue);
    expect(() => parseQueryOrder(bad)).toThrow(message);
  });

  it('a symbol with an unknown status then throws; one without PRICE_FILTER then throws naming the symbol', () => {
    const symbol: SymbolRaw = {
      symbol: 'ETHUSD',
      status: 'TRADING',
      baseAsset: 'ETH',
      baseAssetPrecision: 8,
      quoteAsset: 'USD',
      quoteAssetPrecision: 4,
      orderTypes: ['LIMIT', 'MARKET'],
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '100000', tickSize: '0.01' },
        { filterType: 'LOT_SIZE', minQty: '0.0001', maxQty: '9000', stepSize: '0.0001' },
      ],
    };
    expect(parseMarket(symbol, FEES).fees).toEqual(FEES);
    expect(() => parseMarket({ ...symbol, status: 'DELISTED' }, FEES)).toThrow(/symbol status: "DELISTED"/);
    expect(() => parseMarket({ ...symbol, filters: symbol.filters.slice(1) }, FEES)).toThrow(/ETHUSD/);
  });

  it('a non-decimal price then throws instead of passing a float through', () => {
    expect(() => parseBookTicker({ symbol: 'X', bidPrice: '1e-3', bidQty: '1', askPrice: '2', askQty: '1' })).toThrow(
      UnexpectedWireValue,
    );
  });

  it('account commission rates then give the fees; without them the basis points do', () => {
    const account: AccountRaw = {
      makerCommission: 10,
      takerCommission: 20,
      commissionRates: { maker: '0.00100000', taker: '0.00200000', buyer: '0', seller: '0' },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      updateTime: 1,
      accountType: 'SPOT',
      balances: [],
      permissions: ['SPOT'],
    };
    expect(parseAccountFeeRates(account)).toEqual({ maker: '0.00100000', taker: '0.00200000' });
    const { commissionRates: _rates, ...withoutRates } = account;
    expect(parseAccountFeeRates(withoutRates)).toEqual({ maker: '0.001', taker: '0.002' });
  });

  it('trading-fee and myTrades entries then parse with the supplied client order id', () => {
    expect(parseTradingFee({ symbol: 'BTCUSD', makerCommission: '0.001', takerCommission: '0.002' })).toEqual({
      symbol: 'BTCUSD',
      maker: '0.001',
      taker: '0.002',
    });
    const fill = parseMyTrade(
      {
        symbol: 'BTCUSD',
        id: 9,
        orderId: 28,
        orderListId: -1,
        price: '1.5',
        qty: '2',
        quoteQty: '3',
        commission: '0.1',
        commissionAsset: 'USD',
        time: 4,
        isBuyer: false,
        isMaker: true,
        isBestMatch: true,
      },
      'abc-1',
    );
    expect(fill).toMatchObject({ tradeId: '9', orderId: '28', clientOrderId: 'abc-1', side: 'SELL', isMaker: true });
  });

  it('a cancel executionReport then reports the original client order id from C', () => {
    const report = parseExecutionReport({
      e: 'executionReport',
      E: 2,
      s: 'BTCUSD',
      c: 'cancel-req',
      S: 'BUY',
      o: 'LIMIT',
      f: 'GTC',
      q: '1.0',
      p: '10.0',
      P: '0.0',
      F: '0.0',
      g: -1,
      C: 'orig-1',
      x: 'CANCELED',
      X: 'CANCELED',
      r: 'NONE',
      i: 3,
      l: '0.0',
      z: '0.0',
      L: '0.0',
      n: '0',
      N: null,
      T: 2,
      t: -1,
      w: false,
      m: false,
      O: 1,
      Z: '0.0',
      Y: '0.0',
      Q: '0.0',
    });
    expect(report.order.clientOrderId).toBe('orig-1');
    expect(report.fill).toBeUndefined();
  });
});
