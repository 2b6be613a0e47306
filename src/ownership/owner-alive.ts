import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Lease } from '../ports/lease-store.js';

/** Whether process `pid` on this machine is running (a zombie is not). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Resolves to true when the socket file is there but nothing listens on it (its process died). */
export function channelRefused(endpoint: string): Promise<boolean> {
  if (!endpoint.startsWith('unix:')) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect(endpoint.slice('unix:'.length));
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * An owner on this machine that is known dead: its process is gone and its channel refuses
 * connections. Anything less certain (another machine, a socket we cannot see) waits for the lease
 * to go unrenewed for its whole time to live.
 */
export async function ownerKnownDead(lease: Lease, hostname: string): Promise<boolean> {
  if (lease.hostname !== hostname || processAlive(lease.pid)) return false;
  return channelRefused(lease.endpoint);
}
