export { openStore, openKyselyStore, type OpenStoreOptions } from './open-store.js';
export { KyselyStore } from './kysely-store.js';
export { parseDatabaseUrl, type DatabaseLocation } from './connect.js';
export { journalMigrations, type StoreDialect } from './migrations.js';
export { KyselyConsentJournal } from './consent-journal.js';
export { KyselyNotificationOutbox } from './notify-outbox.js';
