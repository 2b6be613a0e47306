/**
 * The .mcpb bundle (npm run bundle): its manifest passes the mcpb CLI's own validation and maps
 * only real settings, keys are sensitive and paper is the default; a small pack (dist/ and
 * better-sqlite3 only, so the test stays fast) unpacks to the entry point and a native addon that loads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mcpb, productionPackages, stageBundle } from '../../scripts/bundle-mcpb.js';
import { SETTINGS } from '../../src/config.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'binance-mcp-mcpb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface UserField {
  type: string;
  sensitive?: boolean;
  required?: boolean;
  default?: unknown;
}
const manifest = JSON.parse(readFileSync(join(root, 'mcpb/manifest.json'), 'utf8')) as {
  version: string;
  server: { entry_point: string; mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  user_config: Record<string, UserField>;
};

describe('the .mcpb manifest', () => {
  it('passes mcpb validate', () => {
    expect(mcpb(root, ['validate', join(root, 'mcpb/manifest.json')])).toMatch(/validation passes/);
  });

  it('starts `serve` from the entry point, with the package version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.server.entry_point).toBe('dist/cli/main.js');
    expect(manifest.server.mcp_config).toMatchObject({
      command: 'node',
      args: ['${__dirname}/dist/cli/main.js', 'serve'],
    });
  });

  it('maps every field to a real setting, keys sensitive, paper the default, nothing required', () => {
    const settings = new Set(SETTINGS.map((s) => s.env));
    const used = new Set<string>();
    for (const [env, value] of Object.entries(manifest.server.mcp_config.env)) {
      expect(settings, env).toContain(env);
      const field = /^\$\{user_config\.([a-z_]+)\}$/.exec(value)?.[1];
      expect(field, `${env}: ${value}`).toBeDefined();
      expect(manifest.user_config, env).toHaveProperty(field!);
      used.add(field!);
    }
    expect([...used].sort()).toEqual(Object.keys(manifest.user_config).sort());
    const fieldOf = (env: string) =>
      manifest.user_config[/\.([a-z_]+)\}/.exec(manifest.server.mcp_config.env[env]!)![1]!]!;
    expect(fieldOf('BINANCE_API_KEY').sensitive).toBe(true);
    expect(fieldOf('BINANCE_API_SECRET').sensitive).toBe(true);
    expect(fieldOf('TRADING_MODE').default).toBe('paper');
    for (const env of ['MAX_TRADE_SIZE_USD', 'MAX_DAILY_LOSS_USD', 'MAX_POSITION_SIZE_USD', 'MAX_ORDERS_PER_MINUTE'])
      expect(manifest.server.mcp_config.env).toHaveProperty(env);
    for (const [name, field] of Object.entries(manifest.user_config)) expect(field.required ?? false, name).toBe(false);
    const secretSettings = Object.entries(manifest.user_config)
      .filter(([, f]) => f.sensitive)
      .map(([n]) => n);
    expect(secretSettings.sort()).toEqual(['binance_api_key', 'binance_api_secret']);
  });

  it('bundles every production dependency, better-sqlite3 among them', () => {
    const all = productionPackages(root);
    expect(all).toContain('better-sqlite3');
    expect(all).toContain('@modelcontextprotocol/server');
    expect(all.some((p) => p === 'vitest' || p === '@anthropic-ai/mcpb')).toBe(false);
  });
});

const cli = join(root, 'dist/cli/main.js');
describe.skipIf(!existsSync(cli))('a small pack (skipped when dist/ is not built: run npm run build)', () => {
  it('holds the entry point and the native SQLite addon, which loads from the unpacked bundle', () => {
    const stage = join(dir, 'stage');
    const { manifest: staged, packages } = stageBundle({ root, stage, packages: ['better-sqlite3'] });
    expect(packages).toContain('better-sqlite3');
    const stamped = JSON.parse(readFileSync(staged, 'utf8')) as { compatibility: { platforms: string[] } };
    expect(stamped.compatibility.platforms).toEqual([process.platform]);
    expect(mcpb(root, ['validate', staged])).toMatch(/validation passes/);

    const file = join(dir, 'small.mcpb');
    mcpb(root, ['pack', stage, file]);
    const unpacked = join(dir, 'unpacked');
    mcpb(root, ['unpack', file, unpacked]);
    expect(existsSync(join(unpacked, 'dist/cli/main.js'))).toBe(true);
    expect(existsSync(join(unpacked, 'manifest.json'))).toBe(true);
    const addon = join(unpacked, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(existsSync(addon)).toBe(true);
    expect(existsSync(join(unpacked, 'node_modules/better-sqlite3/deps'))).toBe(false);

    const answer = execFileSync(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(join(unpacked, 'node_modules/better-sqlite3'))});` +
          "process.stdout.write(String(new D(':memory:').prepare('select 40 + 2 as n').get().n))",
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(answer).toBe('42');
  }, 60_000);
});
