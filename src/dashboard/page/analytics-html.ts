/** The analytics page: static markup; analytics.js fills it from /dashboard/api/performance and /decisions. */
export const analyticsHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>binance-mcp analytics</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/dashboard.css">
<script src="assets/lightweight-charts.js" defer></script>
<script src="assets/analytics.js" defer></script>
</head>
<body>
<header class="topbar">
  <div class="brand">binance-mcp <span class="muted">analytics</span></div>
  <a class="navlink" href="../dashboard">Dashboard</a>
  <label>Account <select id="mode"><option value="paper">paper</option></select></label>
  <label>From <input type="date" id="from"></label>
  <label>To <input type="date" id="to"></label>
  <span class="presets"><button type="button" data-days="7">7d</button><button type="button" data-days="30">30d</button><button type="button" data-days="0">All</button></span>
  <span class="spacer"></span>
  <span class="muted" id="updated">loading…</span>
</header>
<div class="banner error hidden" id="error-banner" role="alert"></div>
<main class="grid">
  <section class="kpis wide">
    <div class="kpi"><div class="label">End equity</div><div class="value" id="kpi-equity">–</div></div>
    <div class="kpi"><div class="label">P&amp;L in range</div><div class="value" id="kpi-pnl">–</div></div>
    <div class="kpi"><div class="label">Realized P&amp;L</div><div class="value" id="kpi-realized">–</div></div>
    <div class="kpi"><div class="label">Fees paid</div><div class="value" id="kpi-fees">–</div></div>
    <div class="kpi"><div class="label">Max drawdown</div><div class="value" id="kpi-maxdd">–</div></div>
    <div class="kpi"><div class="label">Sharpe</div><div class="value" id="kpi-sharpe">–</div></div>
    <div class="kpi"><div class="label">Sortino</div><div class="value" id="kpi-sortino">–</div></div>
    <div class="kpi"><div class="label">Win rate</div><div class="value" id="kpi-winrate">–</div></div>
    <div class="kpi"><div class="label">Profit factor</div><div class="value" id="kpi-pf">–</div></div>
    <div class="kpi"><div class="label">Expectancy / trade</div><div class="value" id="kpi-expectancy">–</div></div>
    <div class="kpi"><div class="label">Closed trades</div><div class="value" id="kpi-trades">–</div></div>
    <div class="kpi"><div class="label">Time in market</div><div class="value" id="kpi-exposure">–</div></div>
  </section>
  <section class="panel half"><div class="panel-head"><h2>Equity</h2><span class="muted" id="equity-legend"></span></div><div class="chart tall" id="equity-chart"></div></section>
  <section class="panel half"><div class="panel-head"><h2>Drawdown</h2></div><div class="chart" id="drawdown-chart"></div></section>
  <section class="panel half"><div class="panel-head"><h2>Exposure</h2><span class="muted">USD held in coins</span></div><div class="chart" id="exposure-chart"></div></section>
  <section class="panel half"><div class="panel-head"><h2>Daily returns</h2></div><div class="chart" id="daily-chart"></div></section>
  <section class="panel half"><div class="panel-head"><h2>Monthly returns</h2></div><div class="chart" id="monthly-heatmap"><canvas></canvas></div></section>
  <section class="panel half"><div class="panel-head"><h2>P&amp;L per closed trade</h2><span class="muted" id="histogram-legend"></span></div><div class="chart" id="pnl-histogram"><canvas></canvas></div></section>
  <section class="panel half scroll">
    <div class="panel-head"><h2>Per symbol</h2></div>
    <table id="by-symbol"><thead><tr><th>Symbol</th><th class="num">Trades</th><th class="num">P&amp;L</th><th class="num">Win rate</th><th class="num">Fees</th></tr></thead><tbody></tbody></table>
  </section>
  <section class="panel half scroll">
    <div class="panel-head"><h2>Orders and the model's reasons</h2><span class="muted" id="orders-count"></span></div>
    <table id="decisions" class="wrap"><thead><tr><th>Created (UTC)</th><th>Order</th><th>Status</th><th>Rationale</th></tr></thead><tbody></tbody></table>
  </section>
  <p class="note wide" id="conventions"></p>
</main>
<footer class="footer">Read-only · times in UTC · charts by <a href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">TradingView</a> Lightweight Charts™</footer>
</body>
</html>
`;
