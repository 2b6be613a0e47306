/**
 * Publish-ready: server.json against the MCP registry's server.json schema (2025-12-11; the parts
 * this package uses, written out here from the registry's published schema), package.json's
 * mcpName, files and bin, and what `npm pack` would ship.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { SETTINGS } from '../../src/config.js';

const root = resolve(import.meta.dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

/** The registry rejects version ranges and "latest". */
const exactVersion = z
  .string()
  .min(1)
  .max(255)
  .refine((v) => v !== 'latest' && !/^[\^~><=]|[x*]$|\.x\.|\s/.test(v), 'a specific version, not a range');
const input = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
  value: z.string().optional(),
  isSecret: z.boolean().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
};
const argument = z.union([
  z
    .object({
      ...input,
      type: z.literal('positional'),
      valueHint: z.string().optional(),
      isRepeated: z.boolean().optional(),
    })
    .refine(
      (a) => a.valueHint !== undefined || a.value !== undefined,
      'a positional argument needs valueHint or value',
    ),
  z.object({ ...input, type: z.literal('named'), name: z.string().min(1), isRepeated: z.boolean().optional() }),
]);
const keyValue = z.object({ ...input, name: z.string().min(1) });
const transport = z.union([
  z.object({ type: z.literal('stdio') }),
  z.object({ type: z.literal('streamable-http'), url: z.string(), headers: z.array(keyValue).optional() }),
  z.object({ type: z.literal('sse'), url: z.url(), headers: z.array(keyValue).optional() }),
]);
const pkg = z.strictObject({
  registryType: z.string(),
  registryBaseUrl: z.url().optional(),
  identifier: z.string(),
  version: exactVersion,
  fileSha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
  runtimeHint: z.string().optional(),
  transport,
  runtimeArguments: z.array(argument).optional(),
  packageArguments: z.array(argument).optional(),
  environmentVariables: z.array(keyValue).optional(),
});
const serverJson = z.object({
  $schema: z.literal('https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json'),
  name: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/),
  title: z.string().min(1).max(100).optional(),
  description: z.string().min(1).max(100),
  version: exactVersion,
  websiteUrl: z.url().optional(),
  repository: z
    .object({ url: z.url(), source: z.string(), id: z.string().optional(), subfolder: z.string().optional() })
    .optional(),
  packages: z.array(pkg).optional(),
  remotes: z.array(transport).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});

describe('publish-ready package', () => {
  const server = read('server.json');
  const manifest = read('package.json');

  it('server.json when checked against the registry schema then it is valid', () => {
    const parsed = serverJson.safeParse(server);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('server.json when compared with package.json then name, version and identifier agree', () => {
    expect(manifest.mcpName).toBe(server.name);
    expect(server.name.startsWith('io.github.')).toBe(true);
    expect(server.version).toBe(manifest.version);
    expect(server.packages[0]).toMatchObject({
      registryType: 'npm',
      identifier: manifest.name,
      version: manifest.version,
    });
  });

  it('server.json environment variables when listed then each is a real setting, keys marked secret', () => {
    const known = new Set(SETTINGS.map((s) => s.env));
    for (const env of server.packages[0].environmentVariables) expect(known.has(env.name), env.name).toBe(true);
    const secrets = server.packages[0].environmentVariables
      .filter((e: { isSecret?: boolean }) => e.isSecret)
      .map((e: { name: string }) => e.name);
    expect(secrets.sort()).toEqual(['BINANCE_API_KEY', 'BINANCE_API_SECRET']);
  });

  it('npm pack when dry-run then it ships the built CLI, server.json, README and .env.example and no sources or tests', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', '.env.example', 'server.json']));
    expect(manifest.bin['binance-mcp']).toBe('dist/cli/main.js');
    if (files.some((f) => f.startsWith('dist/'))) expect(files).toContain('dist/cli/main.js');
    expect(files.filter((f) => /^(src|test|bench)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual(
      [],
    );
  });
});
