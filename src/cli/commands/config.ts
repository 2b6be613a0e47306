/**
 * `binance-mcp config claude`: the Claude Desktop entry for this machine, with absolute paths (a
 * desktop host starts servers with a minimal PATH, so neither `node` nor `binance-mcp` may be found
 * by name). Printed, or merged into the host's config file with --write (the old file kept as .bak).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVER_KEY = 'binance-mcp';

export interface HostEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** Where Claude Desktop keeps its config on this platform. */
export function claudeConfigPath(platform = process.platform, home = homedir(), env = process.env): string {
  if (platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Claude', 'claude_desktop_config.json');
}

/** The entry that starts this very installation: this Node and this CLI file, by absolute path. */
export function hostEntry(options: { market?: string; node?: string; cli?: string } = {}): HostEntry {
  const cli = options.cli ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', 'main.js');
  return {
    command: options.node ?? process.execPath,
    args: [cli, 'serve', ...(options.market ? ['--market', options.market] : [])],
  };
}

/** The host config with our entry set, every other server and setting left as it was. */
export function mergeEntry(existing: unknown, entry: HostEntry): Record<string, unknown> {
  const config =
    existing && typeof existing === 'object' && !Array.isArray(existing)
      ? { ...(existing as Record<string, unknown>) }
      : {};
  const servers =
    config.mcpServers && typeof config.mcpServers === 'object'
      ? { ...(config.mcpServers as Record<string, unknown>) }
      : {};
  const previous = servers[SERVER_KEY] as HostEntry | undefined;
  servers[SERVER_KEY] = previous?.env ? { ...entry, env: previous.env } : entry;
  return { ...config, mcpServers: servers };
}

export interface ConfigFlags {
  market?: string;
  write?: boolean;
  file?: string;
}

export function configClaudeCommand(
  flags: ConfigFlags,
  io: { out?: (text: string) => void; err?: (text: string) => void } = {},
): number {
  const out = io.out ?? ((t: string) => void process.stdout.write(t));
  const err = io.err ?? ((t: string) => void process.stderr.write(t));
  const entry = hostEntry(flags.market !== undefined ? { market: flags.market } : {});
  if (!existsSync(entry.args[0]!)) {
    err(`binance-mcp: ${entry.args[0]} does not exist; run npm run build first\n`);
    return 1;
  }
  if (!flags.write) {
    out(`${JSON.stringify({ mcpServers: { [SERVER_KEY]: entry } }, null, 2)}\n`);
    err(
      `binance-mcp: paste this into ${flags.file ?? claudeConfigPath()} (or run with --write), then restart Claude Desktop.\n`,
    );
    return 0;
  }
  const file = flags.file ?? claudeConfigPath();
  let existing: unknown = {};
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    try {
      existing = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      err(
        `binance-mcp: ${file} is not valid JSON (${(error as Error).message}); fix it or move it away, nothing was written\n`,
      );
      return 1;
    }
    copyFileSync(file, `${file}.bak`);
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(mergeEntry(existing, entry), null, 2)}\n`);
  err(
    `binance-mcp: wrote the "${SERVER_KEY}" entry to ${file}${existsSync(`${file}.bak`) ? ` (the previous file is ${file}.bak)` : ''}; restart Claude Desktop.\n`,
  );
  return 0;
}
