import type { Kysely, Selectable } from 'kysely';
import type { ConsentJournal, LiveCode, LiveGrant } from '../ports/consent-journal.js';
import { msOut } from './rows.js';
import type { JournalDatabase, LiveGrantsTable } from './schema.js';

function grantFromRow(row: Selectable<LiveGrantsTable>): LiveGrant {
  return {
    id: Number(row.id),
    grantedAt: msOut(row.granted_at),
    expiresAt: msOut(row.expires_at),
    revokedAt: row.revoked_at === null ? null : msOut(row.revoked_at),
    grantedBy: row.granted_by,
  };
}

/**
 * The consent journal in the same database as the rest of the journal (tables of migration
 * 0005_live_consent). Each call is one statement, so it needs no transaction of its own.
 */
export class KyselyConsentJournal implements ConsentJournal {
  constructor(private readonly db: Kysely<JournalDatabase>) {}

  async grantLive(grant: { grantedAt: number; expiresAt: number; grantedBy: string }): Promise<LiveGrant> {
    const row = await this.db
      .insertInto('live_grants')
      .values({
        granted_at: grant.grantedAt,
        expires_at: grant.expiresAt,
        revoked_at: null,
        granted_by: grant.grantedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return grantFromRow(row);
  }

  async revokeLive(time: number): Promise<LiveGrant[]> {
    const rows = await this.db
      .updateTable('live_grants')
      .set({ revoked_at: time })
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', time)
      .returningAll()
      .execute();
    return rows.map(grantFromRow);
  }

  async activeGrant(now: number): Promise<LiveGrant | undefined> {
    const row = await this.db
      .selectFrom('live_grants')
      .selectAll()
      .where('revoked_at', 'is', null)
      .where('granted_at', '<=', now)
      .where('expires_at', '>', now)
      .orderBy('expires_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? grantFromRow(row) : undefined;
  }

  async getGrant(id: number): Promise<LiveGrant | undefined> {
    const row = await this.db.selectFrom('live_grants').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? grantFromRow(row) : undefined;
  }

  async putCode(code: LiveCode): Promise<void> {
    await this.db.deleteFrom('live_codes').where('expires_at', '<=', code.issuedAt).execute();
    await this.db
      .insertInto('live_codes')
      .values({
        nonce: code.nonce,
        session: code.session,
        transport: code.transport,
        code: code.code,
        issued_at: code.issuedAt,
        expires_at: code.expiresAt,
      })
      .execute();
  }

  async dropCode(nonce: string): Promise<void> {
    await this.db.deleteFrom('live_codes').where('nonce', '=', nonce).execute();
  }

  async pendingCodes(now: number): Promise<LiveCode[]> {
    const rows = await this.db
      .selectFrom('live_codes')
      .selectAll()
      .where('expires_at', '>', now)
      .orderBy('issued_at', 'desc')
      .limit(100)
      .execute();
    return rows.map((row) => ({
      nonce: row.nonce,
      session: row.session,
      transport: row.transport,
      code: row.code,
      issuedAt: msOut(row.issued_at),
      expiresAt: msOut(row.expires_at),
    }));
  }
}
