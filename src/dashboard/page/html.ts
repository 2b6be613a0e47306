/** The dashboard page: static markup; dashboard.js fills it from the JSON API. No data and no token are rendered into it. */
export const dashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>binance-mcp dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="dashboard/assets/dashboard.css">
<script src="dashboard/assets/lightweight-charts.js" defer></script>
<script src="dashboard/assets/dashboard.js" defer></script>
</head>
<body>
<header class="topbar">
  <div class="brand">binance-mcp <span class="muted" id="version"></span></div>
  <a class="navlink" href="dashboard/analytics">Analytics</a>
  <label>Account <select id="mode"></select></label>
  <label>Symbol <select id="symbol"></select></label>
  <label>Interval <select id="interval"></select></label>
  <span class="pill" id="market-status" title="">market: …</span>
  <span class="spacer"></span>
  <span class="muted" id="updated">loading…</span>
  <span class="readonly" title="This page only reads. Orders are placed through MCP, the REST API or the CLI.">read-only</span>
</header>
<div class="banner hidden" id="breaker-banner" role="alert"></div>
<div class="banner error hidden" id="error-banner" role="alert"></div>
<main class="grid">
  <section class="kpis">
    <div class="kpi"><div class="label">Portfolio value</div><div class="value" id="kpi-value">–</div></div>
    <div class="kpi"><div class="label">Today's P&amp;L <span class="muted">(since 00:00 UTC)</span></div><div class="value" id="kpi-daily">–</div></div>
    <div class="kpi"><div class="label">Unrealized P&amp;L</div><div class="value" id="kpi-unrealized">–</div></div>
    <div class="kpi"><div class="label">Realized P&amp;L</div><div class="value" id="kpi-realized">–</div></div>
    <div class="kpi" id="kpi-breaker-card"><div class="label">Circuit breaker</div><div class="value" id="kpi-breaker">–</div></div>
  </section>
  <section class="panel price">
    <div class="panel-head"><h2 id="price-title">Price</h2><span class="muted" id="price-legend"></span></div>
    <div class="chart" id="price-chart"></div>
  </section>
  <section class="panel risk">
    <div class="panel-head"><h2>Risk</h2><span class="muted" id="risk-orders"></span></div>
    <table class="kv" id="risk-limits"><tbody></tbody></table>
    <h3>Recent risk events</h3>
    <ul class="events" id="risk-events"></ul>
  </section>
  <section class="panel equity">
    <div class="panel-head"><h2>Equity</h2><span class="muted" id="equity-legend"></span></div>
    <div class="chart" id="equity-chart"></div>
    <p class="note" id="equity-note"></p>
  </section>
  <section class="panel holdings">
    <div class="panel-head"><h2>Positions</h2></div>
    <table id="positions"><thead><tr><th>Asset</th><th class="num">Qty</th><th class="num">Avg cost</th><th class="num">Price</th><th class="num">Value</th><th class="num">Unrealized</th><th class="num">Realized</th></tr></thead><tbody></tbody></table>
    <div class="panel-head"><h2>Balances</h2></div>
    <table id="balances"><thead><tr><th>Asset</th><th class="num">Free</th><th class="num">Locked</th><th class="num">Total</th></tr></thead><tbody></tbody></table>
  </section>
  <section class="panel orders">
    <div class="panel-head"><h2>Open orders</h2><span class="muted" id="orders-count"></span></div>
    <table id="open-orders"><thead><tr><th>Created (UTC)</th><th>Symbol</th><th>Side</th><th>Type</th><th class="num">Price</th><th class="num">Stop</th><th class="num">Qty</th><th class="num">Filled</th><th>Status</th></tr></thead><tbody></tbody></table>
    <table id="order-lists"><thead><tr><th>Order list</th><th>Kind</th><th>Symbol</th><th>Status</th><th>Exit</th><th>Legs</th></tr></thead><tbody></tbody></table>
  </section>
  <section class="panel fills">
    <div class="panel-head"><h2>Recent fills</h2><span class="muted" id="fills-count"></span></div>
    <table id="recent-fills"><thead><tr><th>Time (UTC)</th><th>Symbol</th><th>Side</th><th class="num">Price</th><th class="num">Qty</th><th class="num">Quote</th><th class="num">Fee</th></tr></thead><tbody></tbody></table>
  </section>
</main>
<footer class="footer">Read-only view of the journal and the market source · times in UTC · refreshes every 5 s ·
charts by <a href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">TradingView</a> Lightweight Charts™</footer>
</body>
</html>
`;
