import type { RiskLimitsView, RiskStatus } from '../../app/api.js';
import type { LimitsInForce } from '../../ports/limits-in-force.js';
import { LIMIT_NAMES, type RiskLimits, riskLimitsView } from '../../risk/limits.js';

export interface StatusWithLimitsInForce extends RiskStatus {
  /** Where `limits` come from, in words. */
  limitsSource: string;
  /** Settings of this shell that differ from the limits in force, by their variable names. */
  shellDiffers?: string[];
}

/**
 * The status with the limits the server enforces (journaled at its start) instead of this shell's
 * environment; this shell's settings only when no server ever journaled its limits.
 */
export function withLimitsInForce(
  status: RiskStatus,
  inForce: LimitsInForce | undefined,
  shell: RiskLimits,
): StatusWithLimitsInForce {
  if (!inForce)
    return { ...status, limitsSource: "this shell's settings (no server has journaled the limits it runs with)" };
  const limits = riskLimitsView(inForce.limits);
  const mine = riskLimitsView(shell);
  const differs = (Object.keys(limits) as (keyof RiskLimitsView)[])
    .filter((key) => JSON.stringify(limits[key]) !== JSON.stringify(mine[key]))
    .map((key) => (key in LIMIT_NAMES ? LIMIT_NAMES[key as keyof typeof LIMIT_NAMES] : key));
  const source = `the server started ${new Date(inForce.since).toISOString()} (pid ${inForce.writer.pid} on ${inForce.writer.host}, version ${inForce.writer.version})`;
  return { ...status, limits, limitsSource: source, ...(differs.length > 0 ? { shellDiffers: differs } : {}) };
}

export function describeLimitsSource(status: StatusWithLimitsInForce): string {
  const lines = [`limits in force: those of ${status.limitsSource}`];
  if (status.shellDiffers)
    lines.push(`note: this shell's own settings differ for ${status.shellDiffers.join(', ')}; the server's are shown`);
  return lines.join('\n');
}
