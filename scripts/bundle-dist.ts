/**
 * The last step of `npm run build`: esbuild bundles tsc's dist/cli/main.js and everything it imports
 * (zod, the MCP SDK, commander, our modules) into dist/cli/main.js plus dist/cli/chunks/, one chunk
 * per lazily imported part. Node then loads a handful of files instead of ~190 on the way to the
 * first tools/list (bench/cold-start.bench.ts: about 1.15x a bare SDK server instead of 1.6x).
 * The rest of dist/ stays as tsc wrote it. Native or path-dependent packages stay in node_modules.
 * Stack traces: chunks are not minified and keep every function's name, so a frame reads like tsc's
 * output; with `node --enable-source-maps` (or NODE_OPTIONS) the linked maps turn frames into src/*.ts
 * lines. Not on by default: it costs ~50 ms of CPU at start (measured with bench/cold-start.bench.ts).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const entry = join(root, 'dist/cli/main.js');
const MARK = '// bundled by scripts/bundle-dist.ts';

/** Loaded from node_modules at run time: native addons, optional drivers, files found by path or in worker threads. */
const EXTERNAL = ['better-sqlite3', 'pg', 'pg-native', 'pino', 'bufferutil', 'utf-8-validate', 'lightweight-charts'];

/**
 * Modules that find a file relative to themselves; each was checked to work from a chunk
 * (version.ts walks up to package.json, config.ts resolves ../main.js from dist/cli/ and
 * dist/cli/chunks/ alike, dashboard/assets.ts asks node_modules). A new one, or a Worker, must be
 * checked too (a worker file would need to be an entry point here) and then added.
 */
const PATH_AWARE = new Set([
  'src/version.ts',
  'src/cli/commands/config.ts',
  'src/dashboard/assets.ts',
  'src/backtest/sweep-parallel.ts',
]);

/**
 * Worker files, bundled whole beside the chunks: a module that lands in dist/cli/chunks/ and starts
 * `new Worker(new URL('./x.js', import.meta.url))` finds dist/cli/chunks/x.js.
 */
const WORKERS = ['dist/backtest/sweep-worker.js'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

function checkPathAwareModules(): void {
  const unexpected = sources(join(root, 'src'))
    .map((file) => relative(root, file))
    .filter((file) => !PATH_AWARE.has(file))
    .filter((file) => /import\.meta\.(url|dirname|filename)|new Worker\(|__dirname/.test(readFileSync(file, 'utf8')));
  if (unexpected.length > 0)
    throw new Error(
      `${unexpected.join(', ')}: uses its own path (import.meta / a Worker); bundled into dist/cli/chunks/ that path changes. ` +
        'Make it work from a chunk (or make the worker an entry point in scripts/bundle-dist.ts), then add it to PATH_AWARE.',
    );
}

async function main(): Promise<void> {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc first (npm run build)`);
  if (readFileSync(entry, 'utf8').startsWith(MARK))
    throw new Error(`${entry} is already a bundle: run npm run build (tsc, then this)`);
  checkPathAwareModules();
  rmSync(join(root, 'dist/cli/chunks'), { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outdir: join(root, 'dist/cli'),
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    allowOverwrite: true,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    banner: {
      // Bundled CommonJS packages call require(); an ES module has none of its own.
      js: `${MARK}\nimport { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);`,
    },
  });
  for (const worker of WORKERS) {
    await build({
      entryPoints: [join(root, worker)],
      outdir: join(root, 'dist/cli/chunks'),
      entryNames: '[name]',
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: EXTERNAL,
      keepNames: true,
      sourcemap: 'linked',
      logLevel: 'warning',
      banner: {
        js: `import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);`,
      },
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bundle-dist: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
