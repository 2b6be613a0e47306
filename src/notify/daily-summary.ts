/**
 * The daily summary (freqtrade's /daily, pushed): at the operator's NOTIFY_DAILY_SUMMARY_AT (HH:MM
 * UTC), each account's equity, P&L, fees and trades over the 24 hours before it. Scheduled on the
 * injected Clock: `tick()` sends what is due, a timer calls it. A server that starts (or was busy)
 * up to LATE_MS after the time still sends it; later, that day is skipped. The event key names the
 * account and the time, and the outbox queues a key once per channel, so two servers on one journal
 * or a restart never send a day twice.
 */
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { TradingMode } from '../ports/store.js';
import { messageFor, type NotifyEvent } from './events.js';

const DAY_MS = 86_400_000;
/** How late a summary may still go out. */
export const LATE_MS = 6 * 3_600_000;

export interface DailyFigures {
  equityUsd: string;
  pnlUsd: string;
  realizedPnlUsd: string;
  feesUsd: string;
  /** Closed trades and fills in the window. */
  trades: number;
  fills: number;
}

export interface DailySummaryOptions {
  clock: Clock;
  /** Minutes after 00:00 UTC. */
  atMinute: number;
  modes: readonly TradingMode[];
  figures: (mode: TradingMode, from: number, to: number) => Promise<DailyFigures>;
  sink: { emit(event: NotifyEvent): void };
  logger: Logger;
}

/** "HH:MM" (UTC) as minutes after midnight, or undefined when it is not a time of day. */
export function parseTimeOfDay(raw: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(raw);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

const usd = (v: string) => Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (v: string) => (Number(v) >= 0 ? `+${usd(v)}` : usd(v));

export function summaryText(mode: TradingMode, day: string, f: DailyFigures): string {
  return messageFor(
    'daily_summary',
    mode,
    `${day} · equity ${usd(f.equityUsd)} USD · P&L ${signed(f.pnlUsd)} (realized ${signed(f.realizedPnlUsd)}) · fees ${usd(f.feesUsd)} · ${f.trades} trade${f.trades === 1 ? '' : 's'}, ${f.fills} fill${f.fills === 1 ? '' : 's'}`,
  );
}

export class DailySummary {
  private lastSlot = -Infinity;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DailySummaryOptions) {}

  /** The latest summary time at or before `now` (ms). */
  slotAt(now: number): number {
    const today = Math.floor(now / DAY_MS) * DAY_MS + this.options.atMinute * 60_000;
    return today <= now ? today : today - DAY_MS;
  }

  /** Sends the summary now due, if this process has not sent it yet (the outbox drops a repeat of the key). */
  tick(): Promise<void> {
    this.running ??= this.send().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Checks every `everyMs` of real time whether the injected clock has passed the next summary time. */
  start(everyMs = 30_000): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async send(): Promise<void> {
    const now = this.options.clock.now();
    const slot = this.slotAt(now);
    if (slot <= this.lastSlot || now - slot > LATE_MS) return;
    const day = new Date(slot - DAY_MS / 2).toISOString().slice(0, 10);
    for (const mode of this.options.modes) {
      try {
        const figures = await this.options.figures(mode, slot - DAY_MS, slot);
        this.options.sink.emit({
          key: `daily_summary:${mode}:${new Date(slot).toISOString().slice(0, 16)}`,
          kind: 'daily_summary',
          mode,
          time: slot,
          text: summaryText(mode, day, figures),
          details: { from: slot - DAY_MS, to: slot, ...figures },
        });
      } catch (err) {
        this.options.logger.warn({ err, mode }, 'could not build the daily summary');
        return; // tried again at the next tick
      }
    }
    this.lastSlot = slot;
  }
}
