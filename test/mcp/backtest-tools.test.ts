import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { fakeApp } from '../support/fake-app.js';
import { connectInMemory, structured, textOf, type Era } from '../support/mcp-clients.js';

const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function connect(era: Era, app = fakeApp()): Promise<Client> {
  const client = await connectInMemory(createMcpServerFactory(app), { era });
  clients.push(client);
  return client;
}

const range = { from: '2025-06-01T00:00:00Z', to: '2025-06-15T00:00:00Z' };

describe.each(['modern', 'legacy'] as const)('backtest tools over the %s era', (era) => {
  it('list_strategy_templates gives every template with parameters and a valid document', async () => {
    const client = await connect(era);
    const data = structured<{ templates: { name: string; parameters: unknown[]; document: unknown }[] }>(
      await client.callTool({ name: 'list_strategy_templates', arguments: {} }),
    );
    expect(data.templates.map((t) => t.name)).toContain('sma-cross');
    const check = await client.callTool({
      name: 'validate_strategy',
      arguments: { strategy: data.templates.find((t) => t.name === 'macd-cross')!.document },
    });
    expect(structured<{ valid: boolean; hash: string }>(check)).toMatchObject({
      valid: true,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('validate_strategy names the JSON path of each problem', async () => {
    const client = await connect(era);
    const result = await client.callTool({
      name: 'validate_strategy',
      arguments: {
        strategy: {
          type: 'signal',
          name: 'x',
          symbols: ['BTCUSDT'],
          interval: '1h',
          entry: { gt: ['rsi', 70] },
          sizing: { kind: 'percent_equity', percent: 500 },
        },
      },
    });
    const data = structured<{ valid: boolean; issues: { path: string; message: string }[] }>(result);
    expect(data.valid).toBe(false);
    expect(data.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.sizing.percent']));
  });

  it('backtest_strategy runs a template, reports progress, and stays compact with the report one link away', async () => {
    const app = fakeApp();
    const client = await connect(era, app);
    const progress: number[] = [];
    const result = await client.callTool(
      {
        name: 'backtest_strategy',
        arguments: { template: 'sma-cross', parameters: { fast: 5, slow: 20 }, market: 'synthetic', ...range },
      },
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.isError, textOf(result)).toBeFalsy();
    const data = structured<{
      id: string;
      report_path: string;
      metrics: { trades: number; conventions: string };
      buy_and_hold: { totalReturn: number };
      assumptions: string[];
    }>(result);
    expect(data.report_path).toBe(`/dashboard/backtests/${data.id}`);
    expect(data.metrics.conventions).toContain('risk-free rate 0');
    expect(data.assumptions.length).toBeGreaterThan(5);
    expect(textOf(result).length).toBeLessThan(40_000);
    expect(progress.length).toBeGreaterThan(0);
    const stored = await app.backtests.get(data.id);
    expect(stored?.strategyName).toBe('sma-cross');
  });

  it('backtest_strategy refuses replay when the operator has no replay data, and a strategy with a template', async () => {
    const client = await connect(era);
    const replay = await client.callTool({
      name: 'backtest_strategy',
      arguments: { template: 'sma-cross', market: 'replay' },
    });
    expect(replay.isError).toBe(true);
    expect(textOf(replay)).toMatch(/no replay data/);
    const both = await client.callTool({
      name: 'backtest_strategy',
      arguments: { template: 'sma-cross', strategy: {} },
    });
    expect(textOf(both)).toMatch(/exactly one of strategy/);
  });

  it('backtest_strategy stops on the server when the request is cancelled, journaling nothing', async () => {
    const app = fakeApp();
    const run = app.backtests.run.bind(app.backtests);
    let started: Promise<unknown> | undefined;
    app.backtests.run = (input) => {
      const p = run(input);
      started = p;
      return p;
    };
    const client = await connect(era, app);
    const controller = new AbortController();
    let aborted = false;
    const call = client.callTool(
      {
        name: 'backtest_strategy',
        arguments: {
          template: 'sma-cross',
          parameters: { interval: '1m' },
          market: 'synthetic',
          from: '2025-06-01T00:00:00Z',
          to: '2025-06-21T00:00:00Z',
        },
      },
      {
        signal: controller.signal,
        onprogress: () => {
          if (!aborted) {
            aborted = true;
            controller.abort();
          }
        },
      },
    );
    await expect(call).rejects.toThrow();
    await expect(started).rejects.toThrow(/canceled/);
    expect(await app.backtests.list()).toEqual([]);
  });
});
