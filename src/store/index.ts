export { openStore, openKyselyStore, type Journal, type OpenStoreOptions } from './open-store.js';
export { KyselyStore } from './kysely-store.js';
export { parseDatabaseUrl, type DatabaseLocation } from './connect.js';
export { journalMigrations, SEQUENCES, type StoreDialect } from './migrations.js';
export { KyselyConsentJournal } from './consent-journal.js';
export { KyselyBacktestJournal } from './backtest-journal.js';
export { KyselyNotificationOutbox } from './notify-outbox.js';
export { KyselyStrategyRunJournal } from './strategy-run-journal.js';
