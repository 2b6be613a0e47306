import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { readFileSync } from 'node:fs';
import { SETTINGS } from '../config.js';

/** Flag names as commander reports them (camelCase) mapped to the setting they set. */
const FLAG_TO_ENV: Record<string, string> = Object.fromEntries(
  SETTINGS.filter((s) => s.flag).map((s) => [
    s.flag!.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
    s.env,
  ]),
);

/** A .mcpb host that leaves an optional field empty may pass its placeholder through unfilled. */
const UNFILLED_PLACEHOLDER = /^\$\{user_config\.[A-Za-z0-9_]+\}$/;

/**
 * Settings as the program sees them: a .env file in the working folder (never overriding the real
 * environment), then the environment, then flags. An environment value that is an unfilled
 * `${user_config.…}` placeholder counts as unset.
 */
export function settingsSource(
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const source: Record<string, string | undefined> = {};
  const dotenv = resolve('.env');
  if (existsSync(dotenv)) Object.assign(source, parseEnv(readFileSync(dotenv, 'utf8')));
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && !UNFILLED_PLACEHOLDER.test(value)) source[key] = value;
  for (const [flag, value] of Object.entries(flags)) {
    const env = FLAG_TO_ENV[flag];
    if (env && value !== undefined && typeof value !== 'boolean') source[env] = String(value);
  }
  return source;
}
