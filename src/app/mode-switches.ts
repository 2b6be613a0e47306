import type { TradingMode } from '../model/trading-mode.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Clock } from '../ports/clock.js';

/** The audit trail of sessions' trading modes: every switch, and every switch to live refused. */
export class ModeSwitches {
  constructor(
    private readonly journal: Pick<AuditLog, 'audit'>,
    private readonly clock: Clock,
  ) {}

  /** A session now trades in `to` (actor: who confirmed it: 'model', 'operator', 'client', 'system'). */
  switched(to: TradingMode, actor: string, detail: Record<string, unknown>): Promise<void> {
    return this.journal.audit({ mode: to, time: this.clock.now(), actor, action: 'set_trading_mode', detail });
  }

  /** A switch to live was refused for a reason worth the operator's attention; the session stays in `mode`. */
  refused(mode: TradingMode, detail: Record<string, unknown>): Promise<void> {
    return this.journal.audit({
      mode,
      time: this.clock.now(),
      actor: 'client',
      action: 'live_confirmation_refused',
      detail,
    });
  }
}
