/** A refusal on the wire: HTTP status plus Binance's `{code, msg}` body. */
export class WireError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    /** Sent beside code and msg (cancelReplace's -2021 / -2022 carry both halves in `data`). */
    readonly data?: unknown,
  ) {
    super(msg);
    this.name = 'WireError';
  }

  body(): { code: number; msg: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, msg: this.message }
      : { code: this.code, msg: this.message, data: this.data };
  }
}

export const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';
export const CLIENT_ID_RANGE = '^[a-zA-Z0-9-_]{1,36}$';

export const wireErrors = {
  unknown: () => new WireError(400, -1000, 'An unknown error occurred while processing the request.'),
  badRequest: (code: number, msg: string) => new WireError(400, code, msg),
  mandatory: (name: string) =>
    new WireError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  eitherMandatory: (a: string, b: string) =>
    new WireError(400, -1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`),
  illegalChars: (name: string, range: string) =>
    new WireError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${range}'.`),
  duplicateParam: () => new WireError(400, -1101, 'Duplicate values for a parameter detected.'),
  notRequired: (name: string) => new WireError(400, -1106, `Parameter '${name}' sent when not required.`),
  unread: (read: number, sent: number) =>
    new WireError(400, -1104, `Not all sent parameters were read; read '${read}' parameter(s) but was sent '${sent}'.`),
  empty: (name: string) => new WireError(400, -1105, `Parameter '${name}' was empty.`),
  invalidSymbol: () => new WireError(400, -1121, 'Invalid symbol.'),
  invalidInterval: () => new WireError(400, -1120, 'Invalid interval.'),
  invalidSide: () => new WireError(400, -1117, 'Invalid side.'),
  invalidType: () => new WireError(400, -1116, 'Invalid orderType.'),
  invalidTif: () => new WireError(400, -1115, 'Invalid timeInForce.'),
  badRecvWindow: () => new WireError(400, -1131, 'recvWindow must be less than 60000'),
  timestampAhead: () => new WireError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  timestampOutside: () => new WireError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  badSignature: () => new WireError(400, -1022, 'Signature for this request is not valid.'),
  keyFormat: () => new WireError(401, -2014, 'API-key format invalid.'),
  keyRejected: () => new WireError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  duplicateOrder: () => new WireError(400, -2010, 'Duplicate order sent.'),
  unknownOrder: () => new WireError(400, -2011, 'Unknown order sent.'),
  /** rest-api.md "Regarding cancelRestrictions". */
  cancelRestricted: () => new WireError(400, -2011, 'Order was not canceled due to cancel restrictions.'),
  invalidCancelRestrictions: () => new WireError(400, -1145, 'Invalid cancelRestrictions'),
  noSuchOrder: () => new WireError(400, -2013, 'Order does not exist.'),
  /** Unverified for .US: binance.com's answer to a query for an order list it does not know. */
  noSuchOrderList: () => new WireError(400, -2013, 'Order list does not exist.'),
  noListenKey: () => new WireError(400, -1125, 'This listenKey does not exist.'),
  /** ERRORS: -1006 / -1007 say the execution status is unknown, whatever HTTP status carries them. */
  unknownOutcome: (status: number, code: number) =>
    code === -1007
      ? new WireError(
          status,
          -1007,
          'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
        )
      : code === -1006
        ? new WireError(
            status,
            -1006,
            'An unexpected response was received from the message bus. Execution status unknown.',
          )
        : new WireError(status, code, 'An unknown error occurred while processing the request.'),
  lookupTooBig: () => new WireError(400, -1127, 'More than 24 hours between startTime and endTime.'),
  badCombo: () => new WireError(400, -1128, 'Combination of optional parameters invalid.'),
  archived: () =>
    new WireError(
      400,
      -2026,
      'Order was canceled or expired with no executed qty over 90 days ago and has been archived.',
    ),
  internal: (status: number) =>
    status === 503
      ? new WireError(503, -1001, 'Internal error; unable to process your request. Please try again.')
      : new WireError(status, -1000, 'An unknown error occurred while processing the request.'),
};
