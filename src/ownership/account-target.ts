import type {
  AccountState,
  CancelOrderInput,
  CancelOrderListInput,
  CancelOrderListOutcome,
  CancelOrderOutcome,
  OrderListOutcome,
  OrderListView,
  PlaceBracketInput,
  PlaceOcoInput,
  OrderPreview,
  PlaceOrderInput,
  PlaceOrderOutcome,
  ReplaceOrderInput,
  ReplaceOrderOutcome,
  RiskStatus,
} from '../app/api.js';
import type { TradingMode } from '../ports/store.js';
import type { ChannelClient } from './channel-client.js';

/** What an account's calls are carried out by: the desk this process owns, or the owner over its channel. */
export interface AccountTarget {
  placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutcome>;
  previewOrder(input: PlaceOrderInput): Promise<OrderPreview>;
  cancelOrder(input: CancelOrderInput): Promise<CancelOrderOutcome>;
  replaceOrder(input: ReplaceOrderInput): Promise<ReplaceOrderOutcome>;
  placeOco(input: PlaceOcoInput): Promise<OrderListOutcome>;
  placeBracket(input: PlaceBracketInput): Promise<OrderListOutcome>;
  cancelOrderList(input: CancelOrderListInput): Promise<CancelOrderListOutcome>;
  orderLists(query: {
    symbol?: string | undefined;
    openOnly?: boolean | undefined;
    limit?: number | undefined;
  }): Promise<OrderListView[]>;
  account(): Promise<AccountState>;
  riskStatus(): Promise<RiskStatus>;
  resetBreaker(actor: string): Promise<void>;
  /** Paper only. */
  resetPaperAccount(): Promise<void>;
}

export const TARGET_OPS = [
  'placeOrder',
  'previewOrder',
  'cancelOrder',
  'replaceOrder',
  'placeOco',
  'placeBracket',
  'cancelOrderList',
  'orderLists',
  'account',
  'riskStatus',
  'resetBreaker',
  'resetPaperAccount',
] as const satisfies readonly (keyof AccountTarget)[];
export type TargetOp = (typeof TARGET_OPS)[number];

/** The owner of `account`, over its local channel. */
export function forwardingTarget(account: TradingMode, client: ChannelClient, signal?: AbortSignal): AccountTarget {
  const call = <T>(op: TargetOp, ...args: unknown[]) => client.call<T>(account, op, args, signal);
  return {
    placeOrder: (input) => call('placeOrder', input),
    previewOrder: (input) => call('previewOrder', input),
    cancelOrder: (input) => call('cancelOrder', input),
    replaceOrder: (input) => call('replaceOrder', input),
    placeOco: (input) => call('placeOco', input),
    placeBracket: (input) => call('placeBracket', input),
    cancelOrderList: (input) => call('cancelOrderList', input),
    orderLists: (query) => call('orderLists', query),
    account: () => call('account'),
    riskStatus: () => call('riskStatus'),
    resetBreaker: (actor) => call('resetBreaker', actor),
    resetPaperAccount: () => call('resetPaperAccount'),
  };
}
