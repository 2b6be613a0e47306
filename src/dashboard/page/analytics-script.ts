/**
 * The analytics page's browser script (plain ES2017, no build step, no backtick inside): reads the
 * account's performance for the picked range and draws it: time series with lightweight-charts, the
 * monthly heatmap and the trade P&L histogram on plain canvases. It only reads.
 */
import { chartCommon } from './chart-common.js';

const source = String.raw`(function () {
  'use strict';
  var LWC = window.LightweightCharts;
  var base = location.pathname.replace(/\/analytics\/?$/, '');
  var DAY = 86400000;
  var charts = {};
  var state = { mode: 'paper', from: null, to: null, data: null, gen: 0 };
  if (location.search.indexOf('token=') >= 0) history.replaceState(null, '', location.pathname);
${chartCommon}
  function $(id) { return document.getElementById(id); }
  function setText(id, text, cls) { var el = $(id); el.textContent = text; if (cls !== undefined) el.className = cls; }
  var usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function usd(v) { return v === null || v === undefined ? '–' : usdFormat.format(Number(v)); }
  function signedUsd(v) { var n = Number(v); return (n > 0 ? '+' : n < 0 ? '−' : '') + usdFormat.format(Math.abs(n)); }
  function signClass(v) { var n = Number(v); return n > 0 ? 'pos' : n < 0 ? 'neg' : ''; }
  function pct(x) { return x === null || x === undefined ? 'n/a' : (x * 100).toFixed(2) + '%'; }
  function num(x) { return x === null || x === undefined ? 'n/a' : Number(x).toFixed(2); }
  function utc(ms) { return new Date(ms).toISOString().slice(0, 16).replace('T', ' '); }
  function dateValue(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function showError(message) { var b = $('error-banner'); if (message) { b.textContent = message; b.classList.remove('hidden'); } else b.classList.add('hidden'); }

  async function api(path, query) {
    var qs = new URLSearchParams(query || {}).toString();
    var res = await fetch(base + '/api/' + path + (qs ? '?' + qs : ''), { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    var body = await res.json().catch(function () { return {}; });
    if (!res.ok) { var err = new Error(body.error || ('HTTP ' + res.status)); err.status = res.status; throw err; }
    return body;
  }

  function ensureCharts() {
    if (charts.equity) return;
    charts.equity = LWC.createChart($('equity-chart'), chartOptions());
    charts.equityLine = charts.equity.addSeries(LWC.BaselineSeries, {
      baseValue: { type: 'price', price: 0 }, lineWidth: 2, priceLineVisible: false,
      topLineColor: '#26a69a', topFillColor1: 'rgba(38,166,154,0.28)', topFillColor2: 'rgba(38,166,154,0.04)',
      bottomLineColor: '#ef5350', bottomFillColor1: 'rgba(239,83,80,0.04)', bottomFillColor2: 'rgba(239,83,80,0.28)',
    });
    charts.drawdown = LWC.createChart($('drawdown-chart'), chartOptions());
    charts.drawdownArea = charts.drawdown.addSeries(LWC.AreaSeries, { lineColor: '#ef5350', topColor: 'rgba(239,83,80,0.05)', bottomColor: 'rgba(239,83,80,0.45)', lineWidth: 2, priceLineVisible: false });
    charts.exposure = LWC.createChart($('exposure-chart'), chartOptions());
    charts.exposureLine = charts.exposure.addSeries(LWC.AreaSeries, { lineColor: '#2f81f7', topColor: 'rgba(47,129,247,0.35)', bottomColor: 'rgba(47,129,247,0.05)', lineWidth: 2, priceLineVisible: false });
    charts.daily = LWC.createChart($('daily-chart'), chartOptions());
    charts.dailyBars = charts.daily.addSeries(LWC.HistogramSeries, { priceLineVisible: false, priceFormat: { type: 'percent' } });
  }

  function canvasOf(id) {
    var box = $(id);
    var canvas = box.querySelector('canvas');
    var ratio = window.devicePixelRatio || 1;
    var w = Math.max(10, box.clientWidth), h = Math.max(10, box.clientHeight);
    canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
    canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#151b23'; ctx.fillRect(0, 0, w, h);
    ctx.font = '11px system-ui, sans-serif';
    return { ctx: ctx, w: w, h: h };
  }

  // Rows are years, columns months; green up, red down, the stronger the larger the move.
  function drawHeatmap(monthly) {
    var c = canvasOf('monthly-heatmap'), ctx = c.ctx;
    if (!monthly.length) { ctx.fillStyle = '#8593a3'; ctx.fillText('no data in the range', 10, 20); return; }
    var years = []; monthly.forEach(function (m) { var y = m.period.slice(0, 4); if (years.indexOf(y) < 0) years.push(y); });
    var max = monthly.reduce(function (a, m) { return Math.max(a, Math.abs(m.return)); }, 0) || 1;
    var left = 38, top = 16, cw = (c.w - left - 4) / 12, ch = Math.min(34, (c.h - top - 4) / years.length);
    ctx.fillStyle = '#8593a3'; ctx.textAlign = 'center';
    'JFMAMJJASOND'.split('').forEach(function (l, i) { ctx.fillText(l, left + i * cw + cw / 2, 11); });
    ctx.textAlign = 'left';
    years.forEach(function (y, r) { ctx.fillStyle = '#8593a3'; ctx.fillText(y, 2, top + r * ch + ch / 2 + 4); });
    monthly.forEach(function (m) {
      var r = years.indexOf(m.period.slice(0, 4)), col = Number(m.period.slice(5, 7)) - 1;
      var a = 0.25 + 0.75 * Math.min(1, Math.abs(m.return) / max);
      ctx.fillStyle = m.return >= 0 ? 'rgba(38,166,154,' + a + ')' : 'rgba(239,83,80,' + a + ')';
      ctx.fillRect(left + col * cw + 1, top + r * ch + 1, cw - 2, ch - 2);
      if (cw > 34) { ctx.fillStyle = '#ffffff'; ctx.textAlign = 'center'; ctx.fillText((m.return * 100).toFixed(1), left + col * cw + cw / 2, top + r * ch + ch / 2 + 4); ctx.textAlign = 'left'; }
    });
  }

  function drawHistogram(h) {
    var c = canvasOf('pnl-histogram'), ctx = c.ctx;
    if (!h.counts.length) { ctx.fillStyle = '#8593a3'; ctx.fillText('no closed trade in the range', 10, 20); return; }
    var max = Math.max.apply(null, h.counts), pad = 18, bw = (c.w - 8) / h.counts.length;
    h.counts.forEach(function (n, i) {
      var mid = (h.edges[i] + h.edges[i + 1]) / 2, bh = (c.h - pad - 6) * n / max;
      ctx.fillStyle = mid >= 0 ? '#26a69a' : '#ef5350';
      ctx.fillRect(4 + i * bw + 1, c.h - pad - bh, Math.max(1, bw - 2), bh);
    });
    ctx.fillStyle = '#8593a3';
    ctx.fillText(num(h.edges[0]), 4, c.h - 4);
    ctx.textAlign = 'right'; ctx.fillText(num(h.edges[h.edges.length - 1]), c.w - 4, c.h - 4); ctx.textAlign = 'left';
  }

  function cell(text, cls) { var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; }
  function fillBody(id, rows, cols, empty) {
    var tbody = $(id).tBodies[0], frag = document.createDocumentFragment();
    if (!rows.length) { var tr0 = document.createElement('tr'), td = cell(empty, 'empty'); td.colSpan = cols; tr0.appendChild(td); frag.appendChild(tr0); }
    rows.forEach(function (cells) { var tr = document.createElement('tr'); cells.forEach(function (c) { tr.appendChild(c); }); frag.appendChild(tr); });
    tbody.replaceChildren(frag);
  }

  function render(r) {
    var m = r.metrics;
    setText('kpi-equity', usd(r.endEquityUsd));
    setText('kpi-pnl', signedUsd(r.pnlUsd), 'value ' + signClass(r.pnlUsd));
    setText('kpi-realized', signedUsd(r.realizedPnlUsd), 'value ' + signClass(r.realizedPnlUsd));
    setText('kpi-fees', usd(r.feesPaidUsd));
    setText('kpi-maxdd', pct(m.maxDrawdown));
    setText('kpi-sharpe', num(m.sharpe));
    setText('kpi-sortino', num(m.sortino));
    setText('kpi-winrate', pct(m.winRate));
    setText('kpi-pf', num(m.profitFactor));
    setText('kpi-expectancy', m.expectancy === null ? 'n/a' : signedUsd(m.expectancy));
    setText('kpi-trades', String(m.trades));
    setText('kpi-exposure', pct(m.exposure));
    var eq = r.curve.map(function (p) { return { time: seconds(p.time), value: Number(p.equityUsd) }; });
    charts.equityLine.applyOptions({ baseValue: { type: 'price', price: eq.length ? eq[0].value : 0 } });
    charts.equityLine.setData(eq);
    charts.drawdownArea.setData(r.curve.map(function (p) { return { time: seconds(p.time), value: -p.drawdown * 100 }; }));
    charts.exposureLine.setData(r.curve.map(function (p) { return { time: seconds(p.time), value: Number(p.exposureUsd) }; }));
    charts.dailyBars.setData(r.daily.map(function (d) { return { time: d.period, value: d.return * 100, color: d.return >= 0 ? '#26a69a' : '#ef5350' }; }));
    [charts.equity, charts.drawdown, charts.exposure, charts.daily].forEach(function (c) { c.timeScale().fitContent(); });
    setText('equity-legend', r.curve.length + ' bars of ' + r.interval + ' · ' + utc(r.range.from) + ' → ' + utc(r.range.to) + ' UTC');
    drawHeatmap(r.monthly);
    drawHistogram(r.tradePnl);
    setText('histogram-legend', r.trades.length + ' trade' + (r.trades.length === 1 ? '' : 's') + ' · USD');
    fillBody('by-symbol', r.bySymbol.map(function (s) {
      return [cell(s.symbol), cell(String(s.trades), 'num'), cell(signedUsd(s.pnl), 'num ' + signClass(s.pnl)), cell(pct(s.winRate), 'num'), cell(usd(s.fees), 'num')];
    }), 5, 'no closed trade in the range');
    setText('conventions', m.conventions + ' ' + r.method + (r.accountSince ? ' The account history starts at ' + utc(r.accountSince) + ' UTC.' : ''));
    document.body.setAttribute('data-rendered', String(state.gen));
  }

  function renderDecisions(d) {
    fillBody('decisions', d.orders.map(function (o) {
      var what = o.side + ' ' + o.type + ' ' + o.origQty + ' ' + o.symbol + (o.price ? ' @ ' + o.price : '');
      return [cell(utc(o.createdAt)), cell(what, o.side === 'BUY' ? 'buy' : 'sell'), cell(o.status), cell(o.rationale || '—', o.rationale ? 'rationale' : 'muted')];
    }), 4, 'no order in the range');
    setText('orders-count', d.orders.length + ' shown');
  }

  async function load() {
    var gen = ++state.gen;
    var q = { mode: state.mode };
    if (state.from !== null) q.from = String(state.from);
    if (state.to !== null) q.to = String(state.to);
    try {
      var results = await Promise.all([api('performance', q), api('decisions', q)]);
      if (gen !== state.gen) return;
      state.data = results[0];
      render(results[0]);
      renderDecisions(results[1]);
      if (state.from === null) $('from').value = dateValue(results[0].range.from);
      if (state.to === null) $('to').value = dateValue(results[0].range.to);
      showError(null);
      setText('updated', 'updated ' + utc(results[0].range.to) + ' UTC');
    } catch (e) {
      showError(e.status === 401 ? 'The server refused the token. Open /dashboard?token=<your token> once.' : 'Could not load: ' + e.message);
    }
  }

  async function start() {
    if (!LWC) { showError('The chart library did not load.'); return; }
    ensureCharts();
    try {
      var o = await api('overview');
      var select = $('mode');
      select.replaceChildren.apply(select, o.modes.map(function (m) { var opt = document.createElement('option'); opt.value = m; opt.textContent = m; return opt; }));
    } catch (e) { /* the load below reports it */ }
    $('mode').addEventListener('change', function (ev) { state.mode = ev.target.value; state.from = null; state.to = null; load(); });
    $('from').addEventListener('change', function (ev) { state.from = ev.target.value ? Date.parse(ev.target.value + 'T00:00:00Z') : null; load(); });
    $('to').addEventListener('change', function (ev) { state.to = ev.target.value ? Date.parse(ev.target.value + 'T00:00:00Z') + DAY - 1 : null; load(); });
    Array.prototype.forEach.call(document.querySelectorAll('.presets button'), function (b) {
      b.addEventListener('click', function () {
        var days = Number(b.getAttribute('data-days'));
        var end = state.data ? state.data.range.to : null;
        state.to = null;
        state.from = days && end ? end - days * DAY : null;
        if (days && end) $('from').value = dateValue(state.from);
        load();
      });
    });
    window.addEventListener('resize', function () { if (state.data) { drawHeatmap(state.data.monthly); drawHistogram(state.data.tradePnl); } });
    await load();
  }
  start();
})();
`;

export const analyticsScript = source;
