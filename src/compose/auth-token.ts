import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';

export interface AuthToken {
  token: string;
  /** Where a generated token was written (mode 0600), or null when the operator set MCP_AUTH_TOKEN. */
  file: string | null;
}

/** The HTTP bearer token: the operator's MCP_AUTH_TOKEN, or 64 hex characters from a secure random source. */
export function resolveAuthToken(config: Config): AuthToken {
  if (config.mcpAuthToken) return { token: config.mcpAuthToken, file: null };
  const token = randomBytes(32).toString('hex');
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(config.dataDir, 'auth-token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, file };
}
