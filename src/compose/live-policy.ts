import type { LiveRules } from '../app/app.js';
import { ConsentKeeper, type LiveConsent } from '../app/live-consent.js';
import { SystemClock } from '../clock/system-clock.js';
import { type Config, liveUnavailableReason } from '../config.js';
import type { Logger } from '../log.js';
import { KyselyConsentJournal } from '../store/consent-journal.js';
import type { KyselyStore } from '../store/kysely-store.js';

export function livePolicyOf(config: Config): LiveRules {
  const unavailable = liveUnavailableReason(config);
  return {
    available: unavailable === null,
    requiresConfirmation: config.liveRequiresConfirmation,
    confirmation: config.liveConfirmation,
    reason: unavailable ?? 'live trading is enabled by the operator',
  };
}

/** The consent keeper over the journal's consent tables, on wall-clock time (a replay's clock must not age a request). */
export function liveConsentOf(store: KyselyStore, logger: Logger): LiveConsent {
  return new ConsentKeeper({ journal: new KyselyConsentJournal(store.database), clock: new SystemClock(), logger });
}

export function marketSourceName(config: Config): string {
  return config.market.kind === 'replay' ? `replay:${config.market.path}` : config.market.kind;
}
