import { checkOrderFilters, isStopOrderType } from '../model/filters.js';
import type { Market } from '../model/market.js';
import { Big, type Decimal, floorToStep, mul, str } from '../model/money.js';
import type { OrderRequest } from '../model/order.js';
import type { Broker } from '../ports/broker.js';
import type { MarketData } from '../ports/market-data.js';
import type { OrderEstimate, VenueRejection } from './api.js';
import { walkBook } from './book-walk.js';
import { explainRejection } from './rejection-explainer.js';

export interface PricedOrder extends OrderEstimate {
  /** Price the risk engine and filters are measured against. */
  referencePrice: Decimal;
  notes: string[];
  /** The venue's rules would refuse this order. */
  rejection?: VenueRejection;
}

const BOOK_DEPTH = 1000;

/** Converts an amount of an asset to USD at current prices. */
export type UsdPricer = (asset: string) => Promise<Decimal>;

/**
 * Prices an order against the current book and fees: what it would cost, what it would pay in fees,
 * how far it would walk the book, and whether the venue's filters would refuse it. Places nothing.
 */
export class OrderPricer {
  constructor(
    private readonly marketData: MarketData,
    private readonly broker: Broker,
    private readonly usdPrice: UsdPricer,
  ) {}

  async price(market: Market, request: OrderRequest): Promise<PricedOrder> {
    const [book, fees, average] = await Promise.all([
      this.marketData.orderBook(market.symbol, BOOK_DEPTH),
      this.broker.tradingFees([market.symbol]),
      this.marketData.averagePrice(market.symbol),
    ]);
    const fee = fees.find((f) => f.symbol === market.symbol) ?? { maker: market.fees.maker, taker: market.fees.taker };
    const buying = request.side === 'BUY';
    const opposite = buying ? book.asks : book.bids;
    const best = opposite[0]?.[0];
    const notes: string[] = [];

    let quantity = request.quantity ?? '0';
    let notional: Decimal;
    let referencePrice: Decimal;
    let expectedAveragePrice: Decimal | undefined;
    let slippageBps: string | undefined;
    let wouldRest = false;
    let takerShare = true;

    const isStop = isStopOrderType(request.type);
    const marketable =
      request.type === 'MARKET' ||
      (!isStop &&
        best !== undefined &&
        request.price !== undefined &&
        (buying ? new Big(request.price).gte(best) : new Big(request.price).lte(best)));

    if (marketable) {
      const byQuote = request.quoteOrderQty !== undefined;
      const walk = walkBook(opposite, byQuote ? request.quoteOrderQty! : quantity, {
        side: request.side,
        byQuote,
        ...(request.type !== 'MARKET' && request.price ? { limitPrice: request.price } : {}),
      });
      if (byQuote) quantity = floorToStep(walk.filledQty, market.filters.lotSize.stepSize);
      expectedAveragePrice = walk.averagePrice ?? undefined;
      if (walk.averagePrice && best) {
        const diff = new Big(walk.averagePrice).minus(best).div(best).times(10_000);
        slippageBps = (buying ? diff : diff.neg()).toFixed(2);
      }
      if (walk.exhausted) {
        if (request.type === 'MARKET')
          notes.push(
            `the visible book (${opposite.length} levels) cannot fill all of it: about ${walk.filledQty} would fill and the rest would expire`,
          );
        else if (request.timeInForce === 'GTC' || request.type === 'LIMIT_MAKER') wouldRest = true;
      }
      referencePrice = walk.averagePrice ?? best ?? request.price ?? '0';
      notional =
        request.type === 'MARKET' ? (byQuote ? request.quoteOrderQty! : walk.quoteQty) : mul(quantity, request.price!);
      if (request.type === 'LIMIT_MAKER') takerShare = false;
    } else {
      wouldRest = true;
      takerShare = false;
      referencePrice = request.price ?? best ?? '0';
      notional = mul(quantity, referencePrice);
      if (isStop)
        notes.push(
          `waits until the last price crosses ${request.stopPrice}, then works as a limit order at ${request.price}`,
        );
    }

    const feeRate = takerShare ? fee.taker : fee.maker;
    const feeAsset = buying ? market.baseAsset : market.quoteAsset;
    const estimatedFee = str(
      new Big(buying ? quantity : notional)
        .times(feeRate)
        .round(buying ? market.baseAssetPrecision : market.quoteAssetPrecision, Big.roundUp),
    );
    const quoteUsd = await this.usdPrice(market.quoteAsset);
    const checked = { ...request, ...(request.quoteOrderQty ? {} : { quantity }) };
    // The venue centres price bands on, and values MARKET orders at, its average price (avgPrice).
    const filterReference = average.price;
    const failure = checkOrderFilters(market, checked, { referencePrice: filterReference });
    const rejection: VenueRejection | undefined = failure ? { code: failure.code, msg: failure.message } : undefined;
    const explanation = rejection && explainRejection(market, checked, filterReference, rejection);
    if (rejection && explanation) rejection.explanation = explanation;

    return {
      quantity,
      notional,
      notionalUsd: str(new Big(notional).times(quoteUsd).round(8, Big.roundHalfUp)),
      referencePrice,
      estimatedFee,
      feeAsset,
      feeRate,
      ...(expectedAveragePrice !== undefined ? { expectedAveragePrice } : {}),
      ...(slippageBps !== undefined ? { slippageBps } : {}),
      wouldRest,
      notes,
      ...(rejection ? { rejection } : {}),
    };
  }
}
