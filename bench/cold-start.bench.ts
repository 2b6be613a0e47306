/**
 * Cold start: from spawning `node dist/cli/main.js serve --market synthetic` to its answer to the
 * first tools/list over stdio, against a bare SDK v2 stdio server (bench/support/bare-stdio.mjs)
 * spawned in the same run, interleaved so a loaded machine weighs on both alike. Median of 5 each.
 * The client is raw JSON-RPC lines on the pipe, so no client library's own start-up is counted.
 * Besides the wall time, the CPU time the server's threads used until that answer (Linux, summed over
 * the schedstat of each thread in /proc/PID/task): on a loaded machine it moves far less than the wall time.
 * Run: npm run build && npx tsx bench/cold-start.bench.ts [--runs N] [--compare OTHER_CHECKOUT]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'binance-mcp-cold-'));
const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(flag('--runs') ?? 5);
const other = flag('--compare');

const line = (message: object) => `${JSON.stringify(message)}\n`;
const initialize = line({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'cold-start', version: '1' } },
});

/** CPU milliseconds all threads of a running process have used so far, or NaN where /proc has no schedstat. */
function cpuMs(pid: number): number {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return NaN;
  let ns = 0;
  for (const task of readdirSync(tasks)) {
    try {
      ns += Number(readFileSync(`${tasks}/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return ns / 1e6;
}

interface Sample {
  wall: number;
  cpu: number;
}

/** Milliseconds from spawn to the tools/list answer (and CPU used by then); then closes stdin and waits for the exit. */
function once(args: string[]): Promise<Sample> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: dir, DATA_DIR: dir, LOG_LEVEL: 'silent', HTTP_PORT: '0' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let took: Sample | undefined;
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const message = JSON.parse(buffered.slice(0, end)) as { id?: number; result?: { tools?: unknown[] } };
        buffered = buffered.slice(end + 1);
        if (message.id === 1) {
          child.stdin.write(line({ jsonrpc: '2.0', method: 'notifications/initialized' }));
          child.stdin.write(line({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
        } else if (message.id === 2) {
          if (!message.result?.tools?.length) fail(new Error(`no tools in ${JSON.stringify(message)}`));
          took = { wall: performance.now() - start, cpu: cpuMs(child.pid!) };
          child.stdin.end();
        }
      }
    });
    child.once('exit', (code, signal) =>
      took === undefined ? fail(new Error(`${args.join(' ')} exited ${code ?? signal} before tools/list`)) : done(took),
    );
    child.stdin.write(initialize);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(0).padStart(4);

async function main(): Promise<void> {
  const serve = ['serve', '--market', 'synthetic'];
  const commands: Record<string, string[]> = {
    bare: [join(root, 'bench/support/bare-stdio.mjs')],
    ours: [join(root, 'dist/cli/main.js'), ...serve],
    'ours --no-http': [join(root, 'dist/cli/main.js'), ...serve, '--no-http'],
    ...(other ? { [other]: [join(resolve(other), 'dist/cli/main.js'), ...serve] } : {}),
  };
  const times: Record<string, Sample[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  await once(commands.ours!); // warms the file cache, not counted
  for (let i = 0; i < runs; i += 1)
    for (const [name, args] of Object.entries(commands)) times[name]!.push(await once(args));
  const wall = (name: string) => median(times[name]!.map((t) => t.wall));
  const cpu = (name: string) => median(times[name]!.map((t) => t.cpu));
  console.log(
    `Cold start to the first tools/list over stdio, median of ${runs}, interleaved (load ${loadavg()[0]!.toFixed(1)}):`,
  );
  for (const name of Object.keys(times))
    console.log(
      `  ${name.padEnd(16)} wall ${ms(wall(name))} ms ${(wall(name) / wall('bare')).toFixed(2)}x bare` +
        `  cpu ${ms(cpu(name))} ms ${(cpu(name) / cpu('bare')).toFixed(2)}x bare` +
        `  (wall ${times[name]!.map((t) => t.wall.toFixed(0)).join(', ')})`,
    );
  console.log('  target: ours <= 200 ms (the issue measured a bare server at 169 ms: about 1.18x)');
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
