import type { Params } from './params.js';

/** NONE: public. API_KEY: the X-MBX-APIKEY header only (user data stream). SIGNED: key, timestamp and signature. */
export type Security = 'NONE' | 'API_KEY' | 'SIGNED';

export interface RouteContext {
  params: Params;
  /** The server's clock (with any injected skew), ms. */
  now: number;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  security: Security;
  /** Request weight, from Binance.US's table; may depend on the parameters. */
  weight: (params: Params) => number;
  /** New orders count against the ORDERS limits and carry X-MBX-ORDER-COUNT-* headers. */
  placesOrder?: boolean;
  /** How many orders one request counts against the ORDERS limits (an OCO: 2); default 1. */
  orderCount?: number;
  handle: (ctx: RouteContext) => Promise<unknown>;
}

export const fixed = (n: number) => (): number => n;
