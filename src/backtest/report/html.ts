/**
 * The backtest report: one HTML page with the equity and drawdown curves, the trades on the price
 * chart (lightweight-charts, as the dashboard), the metrics beside buy-and-hold, the trades, the
 * strategy document and the assumptions. Standalone (the chart library inlined) for a file, or
 * loading the dashboard's copy of the library when served at /dashboard/backtests/<id>.
 */
import { readFileSync } from 'node:fs';
import { chartLibraryPath } from '../../dashboard/assets.js';
import type { BacktestResult } from '../result.js';
import { reportScript } from './script.js';

export interface ReportOptions {
  /** Load the chart library from this URL instead of inlining it. */
  libraryUrl?: string;
  /** CSP nonce for the inline scripts. */
  nonce?: string;
}

let library: string | undefined;

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null, dp = 2): string => (x === null ? 'n/a' : x.toFixed(dp));
const days = (ms: number): string => `${(ms / 86_400_000).toFixed(1)} d`;
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
/** JSON inside a script element: nothing in it may close the element. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function renderBacktestReport(id: string, r: BacktestResult, options: ReportOptions = {}): string {
  const nonce = options.nonce ? ` nonce="${esc(options.nonce)}"` : '';
  const lib = options.libraryUrl
    ? `<script src="${esc(options.libraryUrl)}"></script>`
    : `<script${nonce}>${(library ??= readFileSync(chartLibraryPath(), 'utf8')).replace(/<\/script/gi, '<\\/script')}</script>`;
  const m = r.metrics;
  const b = r.buyAndHold;
  const rows: [string, string, string][] = [
    ['Total return', pct(m.totalReturn), pct(b.totalReturn)],
    ['CAGR', pct(m.cagr), pct(b.cagr)],
    ['Sharpe (daily, ×√365, rf 0)', num(m.sharpe), num(b.sharpe)],
    ['Sortino (daily, ×√365, rf 0)', num(m.sortino), ''],
    ['Max drawdown', pct(m.maxDrawdown), pct(b.maxDrawdown)],
    ['Max drawdown duration', days(m.maxDrawdownDurationMs), ''],
    ['Calmar', num(m.calmar), ''],
    ['Trades', String(m.trades), ''],
    ['Win rate', pct(m.winRate), ''],
    ['Profit factor', num(m.profitFactor), ''],
    ['Expectancy per trade', `${num(m.expectancy)} ${esc(r.startingBalance.asset)} (${pct(m.expectancyPct)})`, ''],
    ['Exposure', pct(m.exposure), '100.00%'],
    ['Fees paid', `${m.feesPaid.toFixed(2)} ${esc(r.startingBalance.asset)}`, '0'],
    ['End equity', `${m.endEquity.toFixed(2)} ${esc(r.startingBalance.asset)}`, `${b.endEquity.toFixed(2)}`],
  ];
  const trades = r.trades
    .slice(0, 500)
    .map(
      (t) =>
        `<tr><td>${iso(t.entryTime)}</td><td>${iso(t.exitTime)}</td><td>${esc(t.symbol)}</td><td>${t.entryPrice.toFixed(2)}</td><td>${t.exitPrice.toFixed(2)}</td><td>${t.quantity.toFixed(6)}</td><td class="${t.pnl >= 0 ? 'up' : 'down'}">${t.pnl.toFixed(2)}</td><td>${pct(t.returnPct)}</td><td>${esc(t.exitReason)}</td></tr>`,
    )
    .join('');
  const data = {
    symbol: r.symbols[0],
    equity: r.equityCurve,
    prices: r.priceCurve,
    trades: r.trades.slice(0, 5000).map((t) => ({
      symbol: t.symbol,
      entryTime: t.entryTime,
      exitTime: t.exitTime,
      pnl: t.pnl,
      exitReason: t.exitReason,
    })),
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backtest ${esc(r.strategy.name)} · ${esc(id)}</title>
<link rel="icon" href="data:,">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#222}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}.meta{color:#555}
table{border-collapse:collapse;width:100%}td,th{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f6f8fa}.up{color:#1a7f37}.down{color:#cf222e}.chart{height:260px;margin-bottom:8px}
pre{background:#f6f8fa;padding:12px;overflow:auto;font-size:12px}.warn{color:#9a6700}
</style></head>
<body>
<h1>${esc(r.strategy.name)} <span class="meta">(${esc(r.strategy.type)})</span></h1>
<div class="meta">Backtest <code>${esc(id)}</code> · strategy sha256 <code>${esc(r.strategy.hash)}</code><br>
${esc(r.market)} · ${esc(r.symbols.join(', '))} · ${esc(r.interval)} · ${iso(r.range.from)} → ${iso(r.range.to)} · ${r.range.bars} bars (${r.range.warmupBars} warm-up) · start ${esc(r.startingBalance.amount)} ${esc(r.startingBalance.asset)}</div>
${r.warnings.map((w) => `<p class="warn">⚠ ${esc(w)}</p>`).join('')}
<h2>Equity (strategy vs buy-and-hold)</h2><div id="equity-chart" class="chart"></div>
<h2>Drawdown</h2><div id="drawdown-chart" class="chart"></div>
<h2>Trades on ${esc(r.symbols[0] ?? '')}</h2><div id="price-chart" class="chart"></div>
<h2>Metrics</h2>
<table id="metrics"><tr><th>Metric</th><th>Strategy</th><th>Buy-and-hold</th></tr>${rows.map(([k, v, h]) => `<tr><td>${esc(k)}</td><td>${v}</td><td>${h}</td></tr>`).join('')}</table>
<p class="meta">${esc(m.conventions)}</p>
<h2>Orders</h2><p>${r.orders.placed} placed, ${r.orders.filled} filled, ${r.orders.canceled} canceled, ${r.orders.rejected} refused by the venue rules, ${r.riskDenials.count} denied by the risk limits.</p>
<h2>Trades (${r.trades.length}${r.trades.length > 500 ? ', first 500 shown' : ''})</h2>
<table id="trades"><tr><th>Entry</th><th>Exit</th><th>Symbol</th><th>Entry price</th><th>Exit price</th><th>Qty</th><th>P&amp;L</th><th>Return</th><th>Exit</th></tr>${trades}</table>
<h2>Assumptions</h2><ul>${r.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>
<h2>Strategy document</h2><pre>${esc(JSON.stringify(r.strategy.document, null, 2))}</pre>
<script type="application/json" id="backtest-data">${scriptJson(data)}</script>
${lib}
<script${nonce}>${reportScript}</script>
</body></html>
`;
}
