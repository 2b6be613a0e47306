import { ExchangeRejection, InvalidInput, OrderOutcomeUnknown } from '../model/errors.js';
import { LeaseLost } from '../ports/lease-store.js';
import type { Lease } from '../ports/lease-store.js';

/** The owner stopped answering (its process died, or it handed the account over): ask whoever owns the account now. */
export class OwnerGone extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'OwnerGone';
  }
}

/** Who owns an account, in words: `binance-mcp pid 123 on host-a (since 2026-12-01T20:00:00.000Z)`. */
export function ownerName(lease: Lease): string {
  return `binance-mcp pid ${lease.pid} on ${lease.hostname} (owner since ${new Date(lease.acquiredAt).toISOString()})`;
}

/** An error as it crosses the local channel: its kind and what the caller needs to act on it. */
export interface WireError {
  name: string;
  message: string;
  code?: number;
  field?: string;
  allowed?: string;
  clientOrderId?: string;
}

export function toWire(error: unknown): WireError {
  if (error instanceof ExchangeRejection) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof InvalidInput)
    return { name: error.name, message: error.message, field: error.field, allowed: error.allowed };
  if (error instanceof OrderOutcomeUnknown)
    return { name: error.name, message: error.message, clientOrderId: error.clientOrderId };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the owner's error on this side, so the interfaces answer exactly as the owner would have. */
export function fromWire(wire: WireError): Error {
  switch (wire.name) {
    case 'ExchangeRejection':
      return new ExchangeRejection(wire.code ?? -1000, wire.message);
    case 'InvalidInput':
      return Object.assign(Object.create(InvalidInput.prototype) as InvalidInput, {
        name: wire.name,
        message: wire.message,
        field: wire.field ?? '',
        allowed: wire.allowed ?? '',
      });
    case 'OrderOutcomeUnknown':
      return Object.assign(Object.create(OrderOutcomeUnknown.prototype) as OrderOutcomeUnknown, {
        name: wire.name,
        message: wire.message,
        clientOrderId: wire.clientOrderId ?? '',
      });
    case LeaseLost.name:
    case OwnerGone.name:
      return new OwnerGone(wire.message);
    default: {
      const error = new Error(wire.message);
      error.name = wire.name;
      return error;
    }
  }
}
