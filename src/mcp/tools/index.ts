import type { ToolRegistrar } from './common.js';
import { registerBacktestStrategy } from './backtest-strategy.js';
import { registerCancelOrder } from './cancel-order.js';
import { registerCancelOrderList } from './cancel-order-list.js';
import { registerReplaceOrder } from './replace-order.js';
import { registerPlaceBracket } from './place-bracket.js';
import { registerPlaceOco } from './place-oco.js';
import { registerGetAccount } from './get-account.js';
import { registerGetCandles } from './get-candles.js';
import { registerGetContexts } from './get-contexts.js';
import { registerGetFees } from './get-fees.js';
import { registerGetIndicators } from './get-indicators.js';
import { registerGetMarketData } from './get-market-data.js';
import { registerGetOrderBook } from './get-order-book.js';
import { registerGetOrders } from './get-orders.js';
import { registerGetPerformance } from './get-performance.js';
import { registerGetRiskStatus } from './get-risk-status.js';
import { registerGetSymbolRules } from './get-symbol-rules.js';
import { registerGetTicker24h } from './get-ticker-24h.js';
import { registerGetTradeHistory } from './get-trade-history.js';
import { registerGetTradingMode } from './get-trading-mode.js';
import { registerListMarkets } from './list-markets.js';
import { registerListStrategyTemplates } from './list-strategy-templates.js';
import { registerPlaceOrder } from './place-order.js';
import { registerPreviewOrder } from './preview-order.js';
import { registerSetTradingMode } from './set-trading-mode.js';
import { registerValidateStrategy } from './validate-strategy.js';
import { registerRunStrategy } from './run-strategy.js';
import { registerStrategyStatus } from './strategy-status.js';
import { registerStopStrategy } from './stop-strategy.js';

/** Every tool, in the order a model meets them in tools/list. */
export const TOOL_REGISTRARS: readonly ToolRegistrar[] = [
  registerGetTradingMode,
  registerSetTradingMode,
  registerListMarkets,
  registerGetSymbolRules,
  registerGetMarketData,
  registerGetTicker24h,
  registerGetOrderBook,
  registerGetCandles,
  registerGetFees,
  registerGetIndicators,
  registerGetContexts,
  registerGetAccount,
  registerGetOrders,
  registerGetTradeHistory,
  registerGetRiskStatus,
  registerGetPerformance,
  registerPreviewOrder,
  registerPlaceOrder,
  registerCancelOrder,
  registerReplaceOrder,
  registerPlaceOco,
  registerPlaceBracket,
  registerCancelOrderList,
  registerListStrategyTemplates,
  registerValidateStrategy,
  registerBacktestStrategy,
  registerRunStrategy,
  registerStrategyStatus,
  registerStopStrategy,
];

export const TOOL_NAMES = [
  'get_trading_mode',
  'set_trading_mode',
  'list_markets',
  'get_symbol_rules',
  'get_market_data',
  'get_ticker_24h',
  'get_order_book',
  'get_candles',
  'get_fees',
  'get_indicators',
  'get_contexts',
  'get_account',
  'get_orders',
  'get_trade_history',
  'get_risk_status',
  'get_performance',
  'preview_order',
  'place_order',
  'cancel_order',
  'replace_order',
  'place_oco',
  'place_bracket',
  'cancel_order_list',
  'list_strategy_templates',
  'validate_strategy',
  'backtest_strategy',
  'run_strategy',
  'strategy_status',
  'stop_strategy',
] as const;
