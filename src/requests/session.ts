import type { SessionTransport } from '../app/live-consent.js';
import type { TradingMode } from '../ports/store.js';

/**
 * What one MCP session remembers: its trading mode, and how it reached the server. Every session
 * starts in paper; only set_trading_mode changes it, and switching to live needs the operator's
 * configuration and (unless the operator waived it) a confirmation the server asked for itself, or
 * the operator's grant. A session that went live on a grant goes back to paper when the grant ends.
 */
export class McpSession {
  private current: TradingMode = 'paper';
  private grant: number | undefined;

  constructor(
    readonly id: string,
    readonly transport: SessionTransport = 'stdio',
  ) {}

  get mode(): TradingMode {
    return this.current;
  }

  /** The operator's grant this session is live on, if that is how it went live. */
  get liveGrant(): number | undefined {
    return this.grant;
  }

  setMode(mode: TradingMode, grant?: number): void {
    this.current = mode;
    this.grant = mode === 'live' ? grant : undefined;
  }
}
