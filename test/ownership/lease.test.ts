/**
 * The account lease on one journal, two keepers in one test process standing for two processes,
 * on a manual clock: who takes it, when it may be taken from an owner that stopped renewing, and
 * that the old owner can no longer write once it has been taken.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { silentLogger } from '../../src/log.js';
import { LeaseKeeper, type LeaseTiming } from '../../src/ownership/index.js';
import { LeaseLost, type Lease, type LeaseHolder } from '../../src/ports/lease-store.js';
import { openKyselyStore, type KyselyStore } from '../../src/store/index.js';

const timing: LeaseTiming = { renewMs: 500, ttlMs: 2000, marginMs: 500 };
const dir = mkdtempSync(join(tmpdir(), 'bm-lease-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function holder(name: string, pid = process.pid): LeaseHolder {
  return { ownerId: `owner-${name}`, pid, hostname: 'this-host', endpoint: `unix:${join(dir, `${name}.sock`)}` };
}

interface Events {
  acquired: number[];
  lost: number[];
}

function keeper(store: KyselyStore, clock: ManualClock, who: LeaseHolder): { keeper: LeaseKeeper; events: Events } {
  const events: Events = { acquired: [], lost: [] };
  const k = new LeaseKeeper(
    'paper',
    store,
    who,
    clock,
    silentLogger(),
    {
      acquired: (lease: Lease) => events.acquired.push(lease.epoch),
      lost: (epoch: number) => events.lost.push(epoch),
    },
    timing,
  );
  return { keeper: k, events };
}

let store: KyselyStore;
let clock: ManualClock;
beforeEach(async () => {
  store = await openKyselyStore({ url: `sqlite:${join(mkdtempSync(join(dir, 'j-')), 'trading.db')}`, dataDir: dir });
  clock = new ManualClock(1_800_000_000_000);
  return () => store.close();
});

describe('account lease', () => {
  it('when two processes look at a free lease then exactly one takes it and the other sees it held', async () => {
    const a = keeper(store, clock, holder('a'));
    const b = keeper(store, clock, holder('b'));
    await Promise.all([a.keeper.look(), b.keeper.look()]);
    expect(a.events.acquired.length + b.events.acquired.length).toBe(1);
    const lease = await store.readLease('paper');
    expect(lease).toMatchObject({ epoch: 1, hostname: 'this-host' });
    const [winner, loser] = lease!.ownerId === 'owner-a' ? [a, b] : [b, a];
    expect(winner.keeper.holds(1)).toBe(true);
    expect(loser.keeper.holds(1)).toBe(false);
    expect(loser.keeper.current()?.ownerId).toBe(lease!.ownerId);
  });

  it('when the owner renews on time then nobody takes the lease, however long it runs', async () => {
    const a = keeper(store, clock, holder('a'));
    const b = keeper(store, clock, holder('b'));
    await a.keeper.look();
    for (let i = 0; i < 20; i++) {
      clock.advance(500);
      await a.keeper.look();
      await b.keeper.look();
    }
    expect(b.events.acquired).toEqual([]);
    expect(a.keeper.holds(1)).toBe(true);
  });

  it('when the owner stops renewing then it stops trading before its time to live and the lease is taken only after it', async () => {
    const a = keeper(store, clock, holder('a'));
    const b = keeper(store, clock, holder('b'));
    await a.keeper.look();
    await b.keeper.look();
    clock.advance(1_499);
    expect(a.keeper.holds(1)).toBe(true);
    clock.advance(1);
    expect(a.keeper.holds(1), 'paused owner: its lease is spent here ttl - margin after its last renewal').toBe(false);
    await b.keeper.look();
    expect(b.events.acquired, 'not yet: the row was seen unchanged for less than the ttl').toEqual([]);
    clock.advance(500);
    await b.keeper.look();
    expect(b.events.acquired).toEqual([2]);

    // The old owner wakes up: its renewal fails, its fenced journal refuses to write.
    const fencedA = store.fencedTo('paper', 'owner-a', 1);
    await expect(
      fencedA.audit({ mode: 'paper', time: clock.now(), actor: 'system', action: 'late write' }),
    ).rejects.toBeInstanceOf(LeaseLost);
    await expect(a.keeper.confirm(1)).rejects.toBeInstanceOf(LeaseLost);
    expect(a.events.lost).toEqual([1]);
    await store
      .fencedTo('paper', 'owner-b', 2)
      .audit({ mode: 'paper', time: clock.now(), actor: 'system', action: 'owner write' });
    expect((await store.listAudit(10)).map((e) => e.action)).toEqual(['owner write']);
  });

  it('when the owner was only slow and nobody took its lease then confirm renews it and it goes on', async () => {
    const a = keeper(store, clock, holder('a'));
    await a.keeper.look();
    clock.advance(1_800);
    expect(a.keeper.holds(1)).toBe(false);
    await a.keeper.confirm(1);
    expect(a.keeper.holds(1)).toBe(true);
    expect(a.events.lost).toEqual([]);
  });

  it('when the owner releases the lease then the next process takes it at its next look', async () => {
    const a = keeper(store, clock, holder('a'));
    const b = keeper(store, clock, holder('b'));
    await a.keeper.look();
    await b.keeper.look();
    await a.keeper.stop();
    expect(a.events.lost).toEqual([1]);
    await b.keeper.look();
    expect(b.events.acquired).toEqual([2]);
  });

  it('when the owner on this machine was SIGKILLed (pid gone, channel refused) then its lease is taken at once', async () => {
    const socket = join(dir, 'dead.sock');
    const child = spawn(
      process.execPath,
      ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((up) => createInterface({ input: child.stdout! }).once('line', () => up()));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGKILL');
    await exited;
    const dead = { ownerId: 'owner-dead', pid: child.pid!, hostname: 'this-host', endpoint: `unix:${socket}` };
    await store.takeLease('paper', dead, undefined, clock.now(), timing.ttlMs);
    const b = keeper(store, clock, holder('b'));
    await b.keeper.look();
    expect(b.events.acquired).toEqual([2]);
  });

  it('when the owner is on another machine then it is never judged dead from here: only an unrenewed ttl frees it', async () => {
    await store.takeLease(
      'paper',
      { ownerId: 'owner-far', pid: 999_999_999, hostname: 'other-host', endpoint: 'unix:/nowhere.sock' },
      undefined,
      clock.now(),
      timing.ttlMs,
    );
    const b = keeper(store, clock, holder('b'));
    await b.keeper.look();
    clock.advance(1_999);
    await b.keeper.look();
    expect(b.events.acquired).toEqual([]);
    clock.advance(1);
    await b.keeper.look();
    expect(b.events.acquired).toEqual([2]);
  });
});
