import { CLIENT_ID_RANGE, DECIMAL_RANGE, wireErrors } from './wire-error.js';

const DECIMAL = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;
const CLIENT_ID = /^[a-zA-Z0-9\-_]{1,36}$/;
const INTEGER = /^-?\d{1,19}$/;

/**
 * The request's parameters, from the query string and the form body together (Binance reads both).
 * Every accessor marks the name as read, so a handler can refuse parameters it never looked at.
 */
export class Params {
  private readonly values = new Map<string, string>();
  private readonly read = new Set<string>();

  constructor(query: string, body: string) {
    for (const source of [query, body]) {
      if (source === '') continue;
      for (const [name, value] of new URLSearchParams(source)) {
        if (this.values.has(name)) throw wireErrors.duplicateParam();
        this.values.set(name, value);
      }
    }
  }

  has(name: string): boolean {
    this.read.add(name);
    return this.values.has(name) && this.values.get(name) !== '';
  }

  optional(name: string): string | undefined {
    this.read.add(name);
    const value = this.values.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw wireErrors.mandatory(name);
    return value;
  }

  decimal(name: string): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && !DECIMAL.test(value)) throw wireErrors.illegalChars(name, DECIMAL_RANGE);
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (!INTEGER.test(value) || !Number.isSafeInteger(Number(value)))
      throw wireErrors.illegalChars(name, '^-?[0-9]{1,19}$');
    return Number(value);
  }

  clientId(name: string): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && !CLIENT_ID.test(value)) throw wireErrors.illegalChars(name, CLIENT_ID_RANGE);
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], invalid: () => Error): T | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw invalid();
    return value as T;
  }

  /** `symbols=["BTCUSD","ETHUSD"]` as Binance takes it. */
  symbolList(name: string): string[] | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw wireErrors.illegalChars(name, '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$');
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length === 0 ||
      !parsed.every((s) => typeof s === 'string' && /^[A-Z0-9\-_.]{1,20}$/.test(s))
    ) {
      throw wireErrors.illegalChars(name, '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$');
    }
    return parsed as string[];
  }

  /** Refuses a request that sent parameters the handler did not read (Binance's -1104). */
  assertAllRead(): void {
    let unread = 0;
    for (const name of this.values.keys()) if (!this.read.has(name)) unread += 1;
    if (unread > 0) throw wireErrors.unread(this.values.size - unread, this.values.size);
  }

  /** Raw value without marking it read (for logging and the weight table). */
  peek(name: string): string | undefined {
    return this.values.get(name);
  }
}
