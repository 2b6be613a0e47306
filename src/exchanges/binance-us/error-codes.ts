/**
 * Every Binance.US error code this client can receive, classified once. The class decides what the
 * client does; the HTTP status that came with the code never overrides it (-1007 arrives with 400,
 * 408 or 5xx alike).
 *
 * - rejected: the request was refused and nothing happened; say so to the caller.
 * - unknown: the request may or may not have been executed; an order is looked up, never resent.
 * - retry-safe: refused before execution; a read may be repeated (an order is not: the caller decides).
 * - ban: a rate limit or ban; stop sending for the limit's interval (an order was not placed).
 *
 * Sources: Binance.US API docs errors.md (ERRORS), rest-api.md "General API Information" and
 * "LIMITS" (REST), CHANGELOG.md 2023-03 (CHANGELOG).
 */
export type ErrorClass = 'rejected' | 'unknown' | 'retry-safe' | 'ban';

export interface ErrorCodeInfo {
  name: string;
  class: ErrorClass;
  source: string;
}

const E = 'ERRORS';

export const ERROR_CODES: Readonly<Record<number, ErrorCodeInfo>> = {
  [-1000]: {
    name: 'UNKNOWN',
    class: 'unknown',
    source: `${E}: "An unknown error occurred while processing the request."`,
  },
  [-1001]: {
    name: 'DISCONNECTED',
    class: 'unknown',
    source: `${E}: "Internal error; unable to process your request." (comes with 5xx: REST says a 5xx outcome is UNKNOWN)`,
  },
  [-1002]: { name: 'UNAUTHORIZED', class: 'rejected', source: E },
  [-1003]: { name: 'TOO_MANY_REQUESTS', class: 'ban', source: `${E}; REST LIMITS: 429 back off, 418 IP ban` },
  [-1006]: { name: 'UNEXPECTED_RESP', class: 'unknown', source: `${E}: "Execution status unknown."` },
  [-1007]: { name: 'TIMEOUT', class: 'unknown', source: `${E}: "Send status unknown; execution status unknown."` },
  [-1008]: { name: 'SERVER_BUSY', class: 'retry-safe', source: `${E}: "Please try again in a few minutes."` },
  [-1013]: { name: 'INVALID_MESSAGE', class: 'rejected', source: `${E}: filter failures` },
  [-1014]: { name: 'UNKNOWN_ORDER_COMPOSITION', class: 'rejected', source: E },
  [-1015]: {
    name: 'TOO_MANY_ORDERS',
    class: 'ban',
    source: `${E}: "current limit is %s orders per %s"; HTTP 429 without Retry-After`,
  },
  [-1016]: { name: 'SERVICE_SHUTTING_DOWN', class: 'rejected', source: E },
  [-1020]: { name: 'UNSUPPORTED_OPERATION', class: 'rejected', source: E },
  [-1021]: {
    name: 'INVALID_TIMESTAMP',
    class: 'retry-safe',
    source: `${E}; REST "Timing security": refused before execution, resync the clock`,
  },
  [-1022]: { name: 'INVALID_SIGNATURE', class: 'rejected', source: E },
  [-1100]: { name: 'ILLEGAL_CHARS', class: 'rejected', source: E },
  [-1101]: { name: 'TOO_MANY_PARAMETERS', class: 'rejected', source: E },
  [-1102]: { name: 'MANDATORY_PARAM_EMPTY_OR_MALFORMED', class: 'rejected', source: E },
  [-1103]: { name: 'UNKNOWN_PARAM', class: 'rejected', source: E },
  [-1104]: { name: 'UNREAD_PARAMETERS', class: 'rejected', source: E },
  [-1105]: { name: 'PARAM_EMPTY', class: 'rejected', source: E },
  [-1106]: { name: 'PARAM_NOT_REQUIRED', class: 'rejected', source: E },
  [-1111]: { name: 'BAD_PRECISION', class: 'rejected', source: E },
  [-1112]: { name: 'NO_DEPTH', class: 'rejected', source: E },
  [-1114]: { name: 'TIF_NOT_REQUIRED', class: 'rejected', source: E },
  [-1115]: { name: 'INVALID_TIF', class: 'rejected', source: E },
  [-1116]: { name: 'INVALID_ORDER_TYPE', class: 'rejected', source: E },
  [-1117]: { name: 'INVALID_SIDE', class: 'rejected', source: E },
  [-1118]: { name: 'EMPTY_NEW_CL_ORD_ID', class: 'rejected', source: E },
  [-1119]: { name: 'EMPTY_ORG_CL_ORD_ID', class: 'rejected', source: E },
  [-1120]: { name: 'BAD_INTERVAL', class: 'rejected', source: E },
  [-1121]: { name: 'BAD_SYMBOL', class: 'rejected', source: E },
  [-1125]: { name: 'INVALID_LISTEN_KEY', class: 'rejected', source: E },
  [-1127]: {
    name: 'MORE_THAN_XX_HOURS',
    class: 'rejected',
    source: `${E}: "More than %s hours between startTime and endTime."`,
  },
  [-1128]: { name: 'OPTIONAL_PARAMS_BAD_COMBO', class: 'rejected', source: E },
  [-1130]: { name: 'INVALID_PARAMETER', class: 'rejected', source: E },
  [-1131]: { name: 'BAD_RECV_WINDOW', class: 'rejected', source: 'REST "Timing security": recvWindow at most 60000' },
  [-2010]: {
    name: 'NEW_ORDER_REJECTED',
    class: 'rejected',
    source: `${E}: messages from the matching engine ("Duplicate order sent.", ...)`,
  },
  [-2011]: { name: 'CANCEL_REJECTED', class: 'rejected', source: E },
  [-2013]: { name: 'NO_SUCH_ORDER', class: 'rejected', source: E },
  [-2014]: { name: 'BAD_API_KEY_FMT', class: 'rejected', source: E },
  [-2015]: { name: 'REJECTED_MBX_KEY', class: 'rejected', source: E },
  [-2016]: { name: 'NO_TRADING_WINDOW', class: 'rejected', source: E },
  [-2021]: {
    name: 'CANCEL_REPLACE_PARTIALLY_FAILED',
    class: 'unknown',
    source: `${E}: one of the cancel and the new order failed, not both`,
  },
  [-2022]: { name: 'CANCEL_REPLACE_FAILED', class: 'rejected', source: E },
  [-2026]: {
    name: 'ORDER_ARCHIVED',
    class: 'rejected',
    source: 'CHANGELOG 2023-03: canceled or expired with no executed qty over 90 days ago, archived',
  },
};

/**
 * The class of a code. A code the documentation does not list is taken as `unknown`: for an order
 * that means a lookup instead of a guess, which is the safe side with money.
 */
export function classifyCode(code: number): ErrorClass {
  return ERROR_CODES[code]?.class ?? 'unknown';
}

/** HTTP statuses that carry no code of their own (REST "General API Information"). */
export function classifyStatus(status: number): ErrorClass | undefined {
  if (status === 429 || status === 418) return 'ban';
  if (status >= 500) return 'unknown';
  // 403: the web application firewall stopped it; 404: no such endpoint. Neither reached the engine.
  if (status === 403 || status === 404) return 'rejected';
  return undefined;
}
