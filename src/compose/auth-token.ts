import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';

export interface AuthToken {
  token: string;
  /** DATA_DIR/auth-token, or null when the operator set MCP_AUTH_TOKEN. */
  file: string | null;
  /** setting: MCP_AUTH_TOKEN; file: the token an earlier run kept; generated: new, not kept yet (see keepAuthToken). */
  source: 'setting' | 'file' | 'generated';
}

/** What a kept token looks like: what we generate (64 hex), or an operator's of at least 32 visible characters. */
const TOKEN = /^[\x21-\x7e]{32,}$/;

/**
 * The HTTP bearer token: the operator's MCP_AUTH_TOKEN; else the one kept in DATA_DIR/auth-token,
 * so dashboard bookmarks and scripts keep working across restarts; else 64 new hex characters from
 * a secure random source. Reads only: nothing is written until a server listens (keepAuthToken).
 */
export function resolveAuthToken(config: Config): AuthToken {
  if (config.mcpAuthToken) return { token: config.mcpAuthToken, file: null, source: 'setting' };
  const file = join(config.dataDir, 'auth-token');
  const kept = readKept(file);
  if (kept !== undefined) return { token: kept, file, source: 'file' };
  return { token: randomBytes(32).toString('hex'), file, source: 'generated' };
}

/**
 * Called once the HTTP server listens with this token: a generated token is written (0600) so the
 * file names the token a running server accepts. Never overwrites a file: when another server kept
 * one in the meantime, says so and returns false.
 */
export function keepAuthToken(auth: AuthToken): boolean {
  if (auth.file === null) return true;
  if (auth.source === 'file') {
    chmodSync(auth.file, 0o600);
    return true;
  }
  mkdirSync(join(auth.file, '..'), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(auth.file, `${auth.token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  chmodSync(auth.file, 0o600);
  return true;
}

function readKept(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const token = text.trim();
  if (!TOKEN.test(token))
    throw new Error(
      `${file} does not hold a token (at least 32 visible characters): fix or delete it, or set MCP_AUTH_TOKEN`,
    );
  return token;
}
