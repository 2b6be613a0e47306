/** The local channel: only its user may connect, errors cross with their kind, and it leaves no socket behind. */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { ExchangeRejection, InvalidInput } from '../../src/model/errors.js';
import { openChannel } from '../../src/ownership/channel-server.js';
import { ChannelClient, OwnerGone } from '../../src/ownership/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bm-chan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local channel', () => {
  it('when a call is answered or refused then the caller gets the value or the same kind of error, over a 0600 socket removed at close', async () => {
    const channel = await openChannel(
      dir,
      async (call) => {
        if (call.op === 'echo') return { account: call.account, args: call.args };
        if (call.op === 'reject')
          throw new ExchangeRejection(-2010, 'Account has insufficient balance for requested action.');
        throw new InvalidInput('symbol', '"X" is not a symbol', 'a Binance.US symbol');
      },
      silentLogger(),
    );
    const path = channel.endpoint.slice('unix:'.length);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const client = new ChannelClient(channel.endpoint);
    try {
      expect(await client.call('paper', 'echo', [{ quantity: '0.10' }])).toEqual({
        account: 'paper',
        args: [{ quantity: '0.10' }],
      });
      const rejected = await client.call('paper', 'reject', []).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(ExchangeRejection);
      expect(rejected).toMatchObject({ code: -2010 });
      const invalid = await client.call('paper', 'other', []).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(InvalidInput);
      expect(invalid).toMatchObject({
        field: 'symbol',
        message: 'symbol: "X" is not a symbol (allowed: a Binance.US symbol)',
      });
    } finally {
      client.close();
      await channel.close();
    }
    expect(existsSync(path)).toBe(false);
    const gone = new ChannelClient(channel.endpoint);
    await expect(gone.call('paper', 'echo', [])).rejects.toBeInstanceOf(OwnerGone);
    gone.close();
  });

  it('when DATA_DIR is too deep for a socket path then the socket goes to a private folder in the temp dir', async () => {
    const deep = join(dir, 'x'.repeat(120));
    const channel = await openChannel(deep, async () => 'ok', silentLogger());
    const client = new ChannelClient(channel.endpoint);
    try {
      expect(Buffer.byteLength(channel.endpoint)).toBeLessThan(110);
      expect(await client.call('paper', 'any', [])).toBe('ok');
    } finally {
      client.close();
      await channel.close();
    }
  });
});
