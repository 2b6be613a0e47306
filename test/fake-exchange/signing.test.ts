import { describe, expect, it } from 'vitest';
import {
  hmacHex,
  randomAlphanumeric,
  signatureMatches,
  signedPayload,
  withoutSignature,
} from '../../src/fake-exchange/signing.js';

const DOCS_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const DOCS_PAYLOAD =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
const DOCS_SIGNATURE = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';

describe('fake exchange signing', () => {
  it('hmacHex on the docs test vector then gives the documented signature', () => {
    expect(hmacHex(DOCS_SECRET, DOCS_PAYLOAD)).toBe(DOCS_SIGNATURE);
  });

  it('signatureMatches with the documented signature then accepts, with one digit changed then refuses', () => {
    expect(signatureMatches(DOCS_SECRET, DOCS_PAYLOAD, DOCS_SIGNATURE)).toBe(true);
    expect(signatureMatches(DOCS_SECRET, DOCS_PAYLOAD, DOCS_SIGNATURE.replace(/1$/, '2'))).toBe(false);
    expect(signatureMatches(DOCS_SECRET, DOCS_PAYLOAD, 'not-hex')).toBe(false);
  });

  it('signedPayload when the signature is in the query then signs the rest of the query plus the body, concatenated without &', () => {
    const query = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC';
    const body = 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=abc';
    expect(signedPayload(query, body)).toBe(
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
    );
    expect(withoutSignature(`${DOCS_PAYLOAD}&signature=${DOCS_SIGNATURE}`)).toBe(DOCS_PAYLOAD);
  });

  it('randomAlphanumeric then gives the asked length of letters and digits only', () => {
    const key = randomAlphanumeric(64);
    expect(key).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(randomAlphanumeric(64)).not.toBe(key);
  });
});
