/**
 * Builds binance-mcp-VERSION.mcpb, the bundle Claude Desktop installs in one click: dist/, package.json,
 * README.md, mcpb/manifest.json, and the production dependencies copied from this checkout's
 * node_modules (no network). better-sqlite3's native addon is the one built here, so the bundle runs
 * only on this platform, CPU and Node major: the staged manifest says so in `compatibility`.
 * Run: npm run bundle   (npm run build, then this script; output in build/)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The folder node would load `name` from when required from `from` (nested node_modules first). */
function packageDir(name: string, from: string, root: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

/**
 * The production dependency closure of `names` (default: the root's dependencies), as folders
 * relative to the root's node_modules. Optional dependencies that are not installed are skipped.
 */
export function productionPackages(root: string, names?: string[]): string[] {
  const modules = realpathSync(join(root, 'node_modules'));
  const seen = new Set<string>();
  const visit = (name: string, from: string, optional: boolean) => {
    const dir = packageDir(name, from, root);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} is a production dependency but is not installed (run npm ci)`);
    }
    const rel = relative(modules, dir);
    if (rel.startsWith('..')) throw new Error(`${name} resolves outside node_modules: ${dir}`);
    if (seen.has(rel)) return;
    seen.add(rel);
    const pkg = readJson<PackageJson>(join(dir, 'package.json'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  const rootPkg = readJson<PackageJson>(join(root, 'package.json'));
  for (const name of names ?? Object.keys(rootPkg.dependencies ?? {})) visit(name, root, false);
  return [...seen].sort();
}

/** What a running server never reads: type declarations, source maps, and better-sqlite3's C sources and build leftovers. */
function shipped(pkgRel: string, file: string): boolean {
  if (/\.(d\.[cm]?ts|map)$/.test(file)) return false;
  if (pkgRel === 'better-sqlite3') {
    const inside = relative(file.slice(0, file.indexOf(pkgRel) + pkgRel.length), file);
    return (
      inside === '' ||
      inside === 'package.json' ||
      inside === 'LICENSE' ||
      inside === 'lib' ||
      inside.startsWith('lib/') ||
      ['build', 'build/Release', 'build/Release/better_sqlite3.node'].includes(inside)
    );
  }
  return true;
}

export interface StageOptions {
  root: string;
  stage: string;
  /** Only these dependencies and what they need (default: every production dependency). */
  packages?: string[];
}

/** Lays out the bundle's folder: the files the manifest's entry point needs, and the manifest stamped for this machine. */
export function stageBundle({ root, stage, packages }: StageOptions): { manifest: string; packages: string[] } {
  const entry = join(root, 'dist/cli/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  for (const file of ['package.json', 'README.md']) cpSync(join(root, file), join(stage, file));

  const modules = realpathSync(join(root, 'node_modules'));
  const list = productionPackages(root, packages);
  for (const rel of list)
    cpSync(join(modules, rel), join(stage, 'node_modules', rel), {
      recursive: true,
      dereference: true,
      filter: (f) => !relative(join(modules, rel), f).startsWith('node_modules') && shipped(rel, f),
    });

  const pkg = readJson<PackageJson>(join(root, 'package.json'));
  const manifest = readJson<Record<string, unknown>>(join(root, 'mcpb/manifest.json'));
  if (manifest.version !== pkg.version)
    throw new Error(`mcpb/manifest.json has version ${String(manifest.version)}, package.json ${pkg.version}`);
  const major = Number(process.versions.node.split('.')[0]);
  manifest.compatibility = {
    platforms: [process.platform],
    runtimes: { node: `>=${major}.0.0 <${major + 1}.0.0` },
  };
  const file = join(stage, 'manifest.json');
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest: file, packages: list };
}

/** The mcpb CLI of this checkout's devDependencies. */
export function mcpbCli(root: string): string {
  const dir = packageDir('@anthropic-ai/mcpb', root, root);
  if (!dir) throw new Error('@anthropic-ai/mcpb is not installed (a devDependency: run npm ci)');
  const bin = readJson<PackageJson>(join(dir, 'package.json')).bin;
  return join(dir, typeof bin === 'string' ? bin : Object.values(bin ?? {})[0]!);
}

/** Runs the mcpb CLI; throws with its output when it fails. */
export function mcpb(root: string, args: string[]): string {
  return execFileSync(process.execPath, [mcpbCli(root), ...args], { encoding: 'utf8', stdio: 'pipe' });
}

async function main(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  const version = readJson<PackageJson>(join(root, 'package.json')).version;
  const stage = join(root, 'build/mcpb');
  const out = join(root, `build/binance-mcp-${version}.mcpb`);
  const { manifest, packages } = stageBundle({ root, stage });
  process.stdout.write(mcpb(root, ['validate', manifest]));
  rmSync(out, { force: true });
  process.stdout.write(mcpb(root, ['pack', stage, out]));
  process.stdout.write(
    `\n${out}: ${packages.length} packages; its better-sqlite3 addon is built for ${process.platform}-${process.arch}, Node ${process.versions.node.split('.')[0]} only.\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    process.stderr.write(`bundle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
