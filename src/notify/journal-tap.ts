import type { Order } from '../model/order.js';
import type { AuditEntry, Execution, RiskEvent, Store, TradingMode } from '../ports/store.js';
import { describeOrder, messageFor, type EventKind, type NotifyEvent } from './events.js';

/** Where the tap hands what it saw. Both calls must return at once and never throw. */
export interface EventSink {
  emit(event: NotifyEvent): void;
  /** An order reached `status`: if it had been reported UNKNOWN, its resolution is news. */
  settled(mode: TradingMode, clientOrderId: string, status: string, text: string): void;
}

function orderDetails(order: Order, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const {
    clientOrderId,
    orderId,
    symbol,
    side,
    type,
    status,
    price,
    stopPrice,
    origQty,
    executedQty,
    cummulativeQuoteQty,
  } = order;
  return {
    clientOrderId,
    orderId,
    symbol,
    side,
    type,
    status,
    price,
    stopPrice,
    origQty,
    executedQty,
    cummulativeQuoteQty,
    ...extra,
  };
}

function event(
  kind: EventKind,
  key: string,
  mode: TradingMode,
  time: number,
  body: string,
  details: Record<string, unknown>,
): NotifyEvent {
  return { key, kind, mode, time, text: messageFor(kind, mode, body), details };
}

export function eventsOfExecution({ mode, order }: Execution): NotifyEvent[] {
  const id = `${mode}:${order.clientOrderId}`;
  const body = describeOrder(order);
  const details = orderDetails(order);
  switch (order.status) {
    case 'NEW':
      return [event('placed', `placed:${id}`, mode, order.updatedAt, body, details)];
    case 'PARTIALLY_FILLED':
      return [
        event(
          'partial_fill',
          `partial:${id}:${order.executedQty}`,
          mode,
          order.updatedAt,
          `${body} of ${order.origQty}`,
          details,
        ),
      ];
    case 'FILLED':
      return [event('fill', `fill:${id}`, mode, order.updatedAt, body, details)];
    case 'CANCELED':
      return [event('canceled', `canceled:${id}`, mode, order.updatedAt, body, details)];
    case 'EXPIRED':
      return [event('canceled', `canceled:${id}`, mode, order.updatedAt, `${body} (expired)`, details)];
    case 'REJECTED':
      return [event('rejected', `rejected:${id}`, mode, order.updatedAt, body, details)];
    default:
      return [];
  }
}

export function eventOfMark(
  mode: TradingMode,
  clientOrderId: string,
  status: string,
  reason: string,
  time: number,
): NotifyEvent | undefined {
  const id = `${mode}:${clientOrderId}`;
  const details = { clientOrderId, status, reason };
  if (status === 'UNKNOWN')
    return event('unknown', `unknown:${id}`, mode, time, `${clientOrderId}: ${reason}`, details);
  if (status === 'REJECTED' || status === 'EXPIRED')
    return event('rejected', `rejected:${id}`, mode, time, `${clientOrderId}: ${reason}`, details);
  if (status === 'CANCELED')
    return event('canceled', `canceled:${id}`, mode, time, `${clientOrderId}: ${reason}`, details);
  return undefined;
}

/** A breaker reset's key names the row itself (no per-process counter), so one written by another process (the CLI) and found by JournalPoller gets the same key. */
export function breakerResetKey(risk: RiskEvent): string {
  return `breaker_reset:${risk.mode}:${risk.time}:${risk.code}`;
}

export function eventOfRisk(risk: RiskEvent, seq: number): NotifyEvent | undefined {
  const key =
    risk.kind === 'breaker_reset'
      ? breakerResetKey(risk)
      : `${risk.kind}:${risk.mode}:${risk.time}:${risk.code}:${seq}`;
  const details = { code: risk.code, message: risk.message, detail: risk.detail };
  if (risk.kind === 'denied' || risk.kind === 'execution_denied')
    return event('denied', key, risk.mode, risk.time, `${risk.code} ${risk.message}`, details);
  if (risk.kind === 'breaker_tripped')
    return event('breaker_tripped', key, risk.mode, risk.time, risk.message, details);
  if (risk.kind === 'breaker_reset') return event('breaker_reset', key, risk.mode, risk.time, risk.message, details);
  return undefined;
}

export function eventOfAudit(entry: AuditEntry, seq: number): NotifyEvent | undefined {
  if (entry.action !== 'set_trading_mode') return undefined;
  const d = (entry.detail ?? {}) as { from?: unknown; to?: unknown; confirmedBy?: unknown; reason?: unknown };
  const details = { from: d.from, to: d.to ?? entry.mode, confirmedBy: d.confirmedBy, actor: entry.actor };
  const how = typeof d.confirmedBy === 'string' ? d.confirmedBy : entry.actor;
  return event(
    'mode_switched',
    `mode:${entry.time}:${seq}`,
    entry.mode,
    entry.time,
    `${String(d.from ?? '?')} → ${String(d.to ?? entry.mode)} (${how})`,
    details,
  );
}

/**
 * The journal as the app sees it, telling `sink` what was just written. The write itself is untouched:
 * the sink is called after it succeeded, synchronously, and a sink that throws is ignored.
 */
export function tapJournal<S extends Store>(store: S, sink: EventSink, counter: { seq: number } = { seq: 0 }): S {
  const safely = (f: () => void) => {
    try {
      f();
    } catch {
      // a notification never fails the journal's caller
    }
  };
  const taps: Partial<Record<keyof Store, (args: unknown[]) => void>> = {
    recordExecution: ([execution]) => {
      const e = execution as Execution;
      for (const ev of eventsOfExecution(e)) sink.emit(ev);
      sink.settled(e.mode, e.order.clientOrderId, e.order.status, describeOrder(e.order));
    },
    markOrder: ([mode, clientOrderId, status, reason, time]) => {
      const ev = eventOfMark(
        mode as TradingMode,
        clientOrderId as string,
        status as string,
        reason as string,
        time as number,
      );
      if (ev) sink.emit(ev);
      if (status !== 'UNKNOWN' && status !== 'PENDING')
        sink.settled(
          mode as TradingMode,
          clientOrderId as string,
          status as string,
          `${clientOrderId as string}: ${status as string}, ${reason as string}`,
        );
    },
    recordRiskEvent: ([risk]) => {
      const ev = eventOfRisk(risk as RiskEvent, counter.seq++);
      if (ev) sink.emit(ev);
    },
    audit: ([entry]) => {
      const ev = eventOfAudit(entry as AuditEntry, counter.seq++);
      if (ev) sink.emit(ev);
    },
  };
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      // The account's owner writes through a fenced view of the journal (src/ownership): tap it too.
      if (property === 'fencedTo' && typeof value === 'function') {
        return (...args: unknown[]) =>
          tapJournal((value as (...a: unknown[]) => Store).apply(target, args), sink, counter);
      }
      const tap = taps[property as keyof Store];
      if (!tap || typeof value !== 'function')
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        safely(() => tap(args));
        return result;
      };
    },
  });
}
