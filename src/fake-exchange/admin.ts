import type { FaultInjector, FaultSettings } from './faults.js';
import type { FakeRateLimiter } from './rate-limits.js';
import type { FakeExchangeStats } from './stats.js';

const ENDPOINTS = [
  'GET  /__fake/stats',
  'POST /__fake/stats/reset',
  'GET  /__fake/faults',
  'POST /__fake/faults  {"latencyMs":200,"clockSkewMs":-3000,"serverErrors":{"next":3,"status":503,"when":"either","path":"/api/v3/order"},"acceptedTimeouts":{"next":1,"mode":"hang"},"queryLagMs":2000,"archiveAfterMs":0}',
  'POST /__fake/faults  {"serverErrors":{"next":1,"status":400,"code":-1007,"when":"after","path":"/api/v3/order"}}   (-1007 with HTTP 400: execution status unknown)',
  'POST /__fake/listen-keys/expire',
  'POST /__fake/faults/reset',
  'POST /__fake/websockets/drop',
  'POST /__fake/rate-limits/reset',
];

/**
 * The fake's own control surface under /__fake/ (no such path exists on Binance): a test or a user
 * trying things by hand switches faults on and reads the counters.
 */
export function createAdmin(deps: { faults: FaultInjector; stats: FakeExchangeStats; limiter: FakeRateLimiter }) {
  const { faults, stats, limiter } = deps;
  return async (method: string, path: string, body: string): Promise<{ status: number; body: unknown }> => {
    try {
      const route = `${method} ${path.replace(/\/+$/, '')}`;
      switch (route) {
        case 'GET /__fake':
          return { status: 200, body: { endpoints: ENDPOINTS } };
        case 'GET /__fake/stats':
          return { status: 200, body: stats.snapshot() };
        case 'POST /__fake/stats/reset':
          stats.reset();
          return { status: 200, body: stats.snapshot() };
        case 'GET /__fake/faults':
          return { status: 200, body: faults.settings() };
        case 'POST /__fake/faults':
          faults.set(parseSettings(body));
          return { status: 200, body: faults.settings() };
        case 'POST /__fake/faults/reset':
          faults.reset();
          return { status: 200, body: faults.settings() };
        case 'POST /__fake/listen-keys/expire':
          return { status: 200, body: { expired: faults.expireListenKeys() } };
        case 'POST /__fake/websockets/drop':
          return { status: 200, body: { dropped: faults.dropWebsockets() } };
        case 'POST /__fake/rate-limits/reset':
          limiter.reset();
          return { status: 200, body: {} };
        default:
          return { status: 404, body: { error: `no such admin endpoint: ${method} ${path}`, endpoints: ENDPOINTS } };
      }
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  };
}

function parseSettings(body: string): FaultSettings {
  const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('body must be a JSON object of fault settings');
  const known = new Set([
    'latencyMs',
    'clockSkewMs',
    'serverErrors',
    'acceptedTimeouts',
    'queryLagMs',
    'archiveAfterMs',
    'orderStorm',
  ]);
  const unknown = Object.keys(parsed).filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new Error(`unknown fault setting(s): ${unknown.join(', ')}; allowed: ${[...known].join(', ')}`);
  return parsed as FaultSettings;
}
