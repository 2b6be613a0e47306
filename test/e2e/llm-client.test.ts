/** examples/llm-client.ts mode 1 against the built CLI on the synthetic market: one full cycle, explained. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'binance-mcp-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(cli))('examples/llm-client.ts (skipped when dist/ is not built)', () => {
  it('mode 1 when run on the synthetic market then buys, protects the position with a stop, sells, and says why', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'examples/llm-client.ts'),
        '1',
        '--stdio',
        '--command',
        `${process.execPath} ${cli} serve --stdio --no-http --market synthetic --db sqlite:${join(dir, 'example.db')}`,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dir, HOME: dir, LOG_LEVEL: 'silent' },
        timeout: 90_000,
      },
    );
    expect(out).toMatch(/2\. Decide\n {3}BUY \$\d+: indicators say (BUY|SELL|NEUTRAL)/);
    expect(out).toMatch(/PAPER: placed BUY [\d.]+ BTCUSD MARKET, status FILLED/);
    expect(out).toMatch(/PAPER: placed SELL [\d.]+ BTCUSD STOP_LOSS_LIMIT, status NEW/);
    expect(out).toMatch(/PAPER: canceled order \d+ \(BTCUSD\)/);
    expect(out).toMatch(/PAPER: placed SELL [\d.]+ BTCUSD MARKET, status FILLED/);
    expect(out).toMatch(/realized P&L \$-?\d+\.\d{4}/);
  }, 120_000);
});
