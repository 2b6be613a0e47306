import { TEMPLATES, templateParameters } from '../../strategy/index.js';

/** `binance-mcp strategies [--json]`: the template library with parameters and defaults. */
export function strategiesCommand(flags: { json?: boolean }): void {
  const list = TEMPLATES.map((t) => ({ name: t.name, description: t.description, parameters: templateParameters(t) }));
  if (flags.json) {
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return;
  }
  const lines: string[] = [];
  for (const t of list) {
    lines.push(`${t.name}\n  ${t.description}`);
    for (const p of t.parameters)
      lines.push(`    ${p.name}=${p.default}${p.min !== undefined ? ` (${p.min}..${p.max})` : ''}  ${p.description}`);
  }
  lines.push('', 'Run one: binance-mcp backtest TEMPLATE --market synthetic [--param name=value]');
  process.stdout.write(lines.join('\n') + '\n');
}
