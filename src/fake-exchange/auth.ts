import type { Params } from './params.js';
import type { Security } from './routes.js';
import { signatureMatches, signedPayload } from './signing.js';
import { wireErrors } from './wire-error.js';

export interface Credentials {
  apiKey: string;
  apiSecret: string;
}

const KEY_FORMAT = /^[\x21-\x7e]{1,256}$/;
const MAX_RECV_WINDOW = 60_000;

export interface SignedRequest {
  apiKeyHeader: string | undefined;
  rawQuery: string;
  rawBody: string;
  params: Params;
  serverTime: number;
}

/**
 * Binance's checks, in its order: the API key (-2014 format, -2015 unknown), the mandatory
 * timestamp and signature (-1102), the HMAC over query + body (-1022), then the time window:
 * accepted when timestamp < serverTime + 1000 and serverTime - timestamp <= recvWindow (-1021).
 */
export function authenticate(security: Security, request: SignedRequest, credentials: Credentials): void {
  if (security === 'NONE') return;
  const key = request.apiKeyHeader;
  if (key === undefined || !KEY_FORMAT.test(key)) throw wireErrors.keyFormat();
  if (key !== credentials.apiKey) throw wireErrors.keyRejected();
  if (security === 'API_KEY') return;

  const { params } = request;
  const timestamp = params.integer('timestamp');
  if (timestamp === undefined) throw wireErrors.mandatory('timestamp');
  const recvWindow = params.integer('recvWindow') ?? 5000;
  if (recvWindow <= 0 || recvWindow > MAX_RECV_WINDOW) throw wireErrors.badRecvWindow();
  const signature = params.required('signature');
  if (!signatureMatches(credentials.apiSecret, signedPayload(request.rawQuery, request.rawBody), signature))
    throw wireErrors.badSignature();
  if (timestamp >= request.serverTime + 1000) throw wireErrors.timestampAhead();
  if (request.serverTime - timestamp > recvWindow) throw wireErrors.timestampOutside();
}
