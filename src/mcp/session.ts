import type { TradingMode } from '../ports/store.js';

/**
 * What one MCP session remembers: its trading mode. Every session starts in paper; only
 * set_trading_mode changes it, and switching to live needs the operator's configuration and
 * (unless the operator waived it) the human's confirmation.
 */
export class McpSession {
  private current: TradingMode = 'paper';

  constructor(readonly id: string) {}

  get mode(): TradingMode {
    return this.current;
  }

  setMode(mode: TradingMode): void {
    this.current = mode;
  }
}
