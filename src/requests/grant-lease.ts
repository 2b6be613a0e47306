import type { App } from '../app/app.js';
import type { McpSession } from './session.js';

/** A session that went live on the operator's grant goes back to paper once the grant expired or was revoked. */
export async function endLiveOnEndedGrant(app: App, session: McpSession): Promise<void> {
  const grant = session.liveGrant;
  if (grant === undefined || (await app.live.consent.grantRuns(grant))) return;
  if (session.liveGrant !== grant) return;
  session.setMode('paper');
  const detail = {
    from: 'live',
    to: 'paper',
    reason: `operator grant ${grant} expired or was revoked`,
    session: session.id,
  };
  app.logger.warn(detail, 'session back to paper: the operator grant it was live on has ended');
  await app.modeSwitches.switched('paper', 'system', detail);
}
