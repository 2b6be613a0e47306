/** The consent journal in memory, for tests of the interface layer (the SQLite one is tested through the CLI). */
import { grantRuns, type ConsentJournal, type LiveCode, type LiveGrant } from '../../src/ports/consent-journal.js';

export class MemoryConsentJournal implements ConsentJournal {
  readonly grants: LiveGrant[] = [];
  readonly codes = new Map<string, LiveCode>();

  async grantLive(grant: { grantedAt: number; expiresAt: number; grantedBy: string }): Promise<LiveGrant> {
    const made = { id: this.grants.length + 1, revokedAt: null, ...grant };
    this.grants.push(made);
    return { ...made };
  }
  async revokeLive(time: number): Promise<LiveGrant[]> {
    const ended = this.grants.filter((g) => g.revokedAt === null && g.expiresAt > time);
    for (const g of ended) g.revokedAt = time;
    return ended.map((g) => ({ ...g }));
  }
  async activeGrant(now: number): Promise<LiveGrant | undefined> {
    return this.grants.filter((g) => grantRuns(g, now)).sort((a, b) => b.expiresAt - a.expiresAt)[0];
  }
  async getGrant(id: number): Promise<LiveGrant | undefined> {
    return this.grants.find((g) => g.id === id);
  }
  async putCode(code: LiveCode): Promise<void> {
    for (const [nonce, c] of this.codes) if (c.expiresAt <= code.issuedAt) this.codes.delete(nonce);
    this.codes.set(code.nonce, code);
  }
  async dropCode(nonce: string): Promise<void> {
    this.codes.delete(nonce);
  }
  async pendingCodes(now: number): Promise<LiveCode[]> {
    return [...this.codes.values()]
      .filter((c) => c.expiresAt > now)
      .reverse()
      .sort((a, b) => b.issuedAt - a.issuedAt);
  }
}
