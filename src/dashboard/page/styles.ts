/** The dashboard's stylesheet (both pages): a dark, dense layout that fits the key panels in 1280x800 and folds into one column on a phone. */
export const dashboardCss = `
:root {
  --bg: #0d1117; --panel: #151b23; --border: #262f3b; --text: #d7dee7; --muted: #8593a3;
  --up: #26a69a; --down: #ef5350; --accent: #2f81f7; --warn: #d29922; --danger: #f85149;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
.muted { color: var(--muted); font-weight: normal; }
.hidden { display: none !important; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.pos { color: var(--up); }
.neg { color: var(--down); }
.buy { color: var(--up); font-weight: 600; }
.sell { color: var(--down); font-weight: 600; }

.topbar { display: flex; align-items: center; gap: 14px; padding: 8px 16px; background: var(--panel); border-bottom: 1px solid var(--border); position: sticky; top: 0; z-index: 5; }
.brand { font-weight: 700; font-size: 15px; letter-spacing: .2px; }
.topbar label { color: var(--muted); display: flex; align-items: center; gap: 6px; }
.topbar select { background: var(--bg); color: var(--text); border: 1px solid var(--border); border-radius: 4px; padding: 3px 6px; font: inherit; }
.spacer { flex: 1; }
.pill { padding: 2px 8px; border-radius: 10px; border: 1px solid var(--border); color: var(--muted); white-space: nowrap; max-width: 280px; overflow: hidden; text-overflow: ellipsis; }
.pill.open { color: var(--up); border-color: #1f5f59; }
.pill.ended { color: var(--warn); border-color: #6b5216; }
.pill.unavailable { color: var(--danger); border-color: #7d2a27; }
.readonly { font-size: 11px; text-transform: uppercase; letter-spacing: .6px; color: var(--muted); border: 1px solid var(--border); border-radius: 3px; padding: 1px 6px; }

.banner { margin: 10px 16px 0; padding: 10px 14px; border-radius: 6px; font-weight: 600; background: #3d1d1f; border: 1px solid var(--danger); color: #ffb3ad; }
.banner.breaker { background: #b3261e; border-color: #ff6b61; color: #fff; font-size: 15px; }

.grid { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 10px; padding: 10px 16px 16px; }
.kpis { grid-column: 1 / -1; display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 10px; }
.kpi { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 12px; }
.kpi .label { color: var(--muted); font-size: 12px; }
.kpi .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; margin-top: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kpi.tripped { background: #b3261e; border-color: #ff6b61; }
.kpi.tripped .label, .kpi.tripped .value { color: #fff; }
.kpi.ok .value { color: var(--up); }

.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 12px 10px; min-width: 0; }
.panel-head { display: flex; align-items: baseline; gap: 10px; margin: 2px 0 6px; }
.panel-head .muted { margin-left: auto; font-size: 12px; }
h2 { font-size: 13px; margin: 0; text-transform: uppercase; letter-spacing: .6px; color: #aab6c3; }
h3 { font-size: 12px; margin: 10px 0 4px; color: var(--muted); font-weight: 600; }
.price { grid-column: 1 / span 7; }
.risk { grid-column: 8 / span 5; }
.equity { grid-column: 1 / span 7; }
.holdings { grid-column: 8 / span 5; }
.orders { grid-column: 1 / span 6; }
.fills { grid-column: 7 / span 6; }
.chart { position: relative; width: 100%; }
#price-chart { height: 330px; }
#equity-chart { height: 190px; }
.note { margin: 6px 0 0; color: var(--muted); font-size: 11.5px; }

table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th { color: var(--muted); font-weight: 500; font-size: 11.5px; text-align: left; border-bottom: 1px solid var(--border); padding: 3px 6px; white-space: nowrap; }
td { padding: 3px 6px; border-bottom: 1px solid #1c232d; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
td.empty { color: var(--muted); text-align: center; padding: 10px; font-style: italic; }
.holdings table + .panel-head { margin-top: 12px; }
.orders, .fills, .holdings { overflow-x: auto; }
.holdings td, .holdings th { padding: 3px 4px; }
.footer { padding: 0 16px 14px; color: var(--muted); font-size: 11.5px; }
.footer a { color: #9ecbff; }

table.kv td:first-child { color: var(--muted); }
table.kv td:last-child { text-align: right; }
.meter { height: 6px; background: #222b36; border-radius: 3px; overflow: hidden; margin-top: 3px; }
.meter > span { display: block; height: 100%; background: var(--up); }
.meter.warn > span { background: var(--warn); }
.meter.danger > span { background: var(--danger); }
.events { list-style: none; margin: 0; padding: 0; max-height: 150px; overflow-y: auto; font-size: 12px; }
.events li { padding: 3px 0; border-bottom: 1px solid #1c232d; }
.events li:last-child { border-bottom: 0; }
.events .code { font-weight: 600; }
.events .tripped { color: var(--danger); }

.navlink { color: #9ecbff; text-decoration: none; }
.topbar input[type=date], .presets button { background: var(--bg); color: var(--text); border: 1px solid var(--border); border-radius: 4px; padding: 3px 6px; font: inherit; }
.presets { display: flex; gap: 4px; }
.presets button { cursor: pointer; }
.wide { grid-column: 1 / -1; }
.half { grid-column: span 6; }
.kpis.wide { grid-template-columns: repeat(6, minmax(0, 1fr)); }
.chart.tall { height: 260px; }
#drawdown-chart, #exposure-chart, #daily-chart, #monthly-heatmap, #pnl-histogram { height: 200px; }
#monthly-heatmap canvas, #pnl-histogram canvas { display: block; }
.scroll { overflow-x: auto; }
table.wrap td { white-space: normal; }
table.wrap td:nth-child(3) { white-space: nowrap; }
td.rationale { color: #c9d4df; font-style: italic; overflow-wrap: anywhere; }

@media (max-width: 900px) {
  .price, .risk, .equity, .holdings, .orders, .fills, .half { grid-column: 1 / -1; }
  .kpis, .kpis.wide { grid-template-columns: repeat(3, minmax(0, 1fr)); }
}
@media (max-width: 520px) {
  .topbar { flex-wrap: wrap; gap: 8px 10px; padding: 8px 10px; position: static; }
  .topbar .spacer { display: none; }
  .pill { max-width: 100%; }
  .grid { padding: 8px; gap: 8px; }
  .kpis, .kpis.wide { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .kpi .value { font-size: 17px; }
  .banner { margin: 8px 8px 0; }
  .panel { overflow-x: auto; }
  .footer { padding: 0 10px 12px; }
  #price-chart { height: 260px; }
}
`;
