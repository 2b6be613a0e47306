/**
 * The dashboard's browser script (plain ES2017, no build step): its requests carry the dashboard's
 * HttpOnly cookie (set when the page was opened with ?token=; this script never sees the token).
 * It polls the JSON API and draws the charts with lightweight-charts. It only reads: no request it makes changes anything.
 * Kept as a string so it ships inside dist/ with no copy step; it must contain no backtick.
 */
import { chartCommon } from './chart-common.js';

const source = String.raw`(function () {
  'use strict';
  var PREFS_KEY = 'binance-mcp.dashboard-prefs';
  var REFRESH_MS = 5000;
  var CANDLE_LIMIT = 200;
  var LWC = window.LightweightCharts;
  var base = location.pathname.replace(/\/+$/, '');
  var prefs = loadPrefs();
  var state = { mode: prefs.mode || 'paper', symbol: prefs.symbol || null, interval: prefs.interval || '5m', busy: false, gen: 0, shownKey: null, equityKey: null };
  var charts = {};

  function loadPrefs() {
    try { return JSON.parse(localStorage.getItem(PREFS_KEY) || '{}') || {}; } catch (e) { return {}; }
  }

  function savePrefs() {
    try { localStorage.setItem(PREFS_KEY, JSON.stringify({ mode: state.mode, symbol: state.symbol, interval: state.interval })); } catch (e) { /* not kept */ }
  }

  async function api(path, query) {
    var qs = new URLSearchParams(query || {}).toString();
    var res = await fetch(base + '/api/' + path + (qs ? '?' + qs : ''), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
    });
    var body = await res.json().catch(function () { return {}; });
    if (!res.ok) {
      var err = new Error(body.error || ('HTTP ' + res.status));
      err.status = res.status;
      throw err;
    }
    return body;
  }

  // ---------- formatting ----------
  var usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function usd(v) { return v === null || v === undefined ? '–' : usdFormat.format(Number(v)); }
  function signedUsd(v) {
    if (v === null || v === undefined) return '–';
    var n = Number(v);
    return (n > 0 ? '+' : n < 0 ? '−' : '') + usdFormat.format(Math.abs(n));
  }
  function signClass(v) { var n = Number(v); return n > 0 ? 'pos' : n < 0 ? 'neg' : ''; }
  function dec(v) {
    if (v === null || v === undefined || v === '') return '–';
    var s = String(v);
    if (s.indexOf('.') < 0) return s;
    s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s;
  }
  function utc(ms) {
    if (!ms) return '–';
    return new Date(ms).toISOString().slice(5, 19).replace('T', ' ');
  }
  // Prices and costs in USD: cents from 1 up, six significant digits below.
  function money(v) {
    if (v === null || v === undefined || v === '') return '–';
    var n = Number(v);
    if (Math.abs(n) >= 1) return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return dec(n.toPrecision(6));
  }
  function decimalsOf(s) { var i = String(s).indexOf('.'); return i < 0 ? 0 : String(s).length - i - 1; }

  // ---------- DOM ----------
  function $(id) { return document.getElementById(id); }
  function cell(content, cls) {
    var td = document.createElement('td');
    if (content && typeof content === 'object') td.appendChild(content);
    else td.textContent = content === undefined || content === null ? '' : String(content);
    if (cls) td.className = cls;
    return td;
  }
  function span(text, cls) { var s = document.createElement('span'); s.textContent = text; if (cls) s.className = cls; return s; }
  function fillBody(tableId, rows, columns, emptyText) {
    var tbody = $(tableId).tBodies[0];
    var frag = document.createDocumentFragment();
    if (rows.length === 0) {
      var tr = document.createElement('tr');
      var td = cell(emptyText, 'empty');
      td.colSpan = columns;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    rows.forEach(function (cells) {
      var tr = document.createElement('tr');
      cells.forEach(function (c) { tr.appendChild(c); });
      frag.appendChild(tr);
    });
    tbody.replaceChildren(frag);
  }
  function setText(id, text, cls) { var el = $(id); el.textContent = text; if (cls !== undefined) el.className = cls; }
  function showError(message) {
    var b = $('error-banner');
    if (message) { b.textContent = message; b.classList.remove('hidden'); } else b.classList.add('hidden');
  }

  // ---------- charts ----------
${chartCommon}
  function ensureCharts() {
    if (charts.price) return;
    charts.price = LWC.createChart($('price-chart'), chartOptions());
    charts.candles = charts.price.addSeries(LWC.CandlestickSeries, {
      upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350',
    });
    charts.volume = charts.price.addSeries(LWC.HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    charts.price.priceScale('volume').applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    charts.candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.22 } });
    charts.markers = LWC.createSeriesMarkers(charts.candles, []);

    charts.equity = LWC.createChart($('equity-chart'), chartOptions());
    charts.equityLine = charts.equity.addSeries(LWC.BaselineSeries, {
      baseValue: { type: 'price', price: 0 },
      topLineColor: '#26a69a', topFillColor1: 'rgba(38,166,154,0.28)', topFillColor2: 'rgba(38,166,154,0.04)',
      bottomLineColor: '#ef5350', bottomFillColor1: 'rgba(239,83,80,0.04)', bottomFillColor2: 'rgba(239,83,80,0.28)',
      lineWidth: 2, pointMarkersVisible: false, priceLineVisible: false, priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
  }

  function renderCandles(data) {
    var key = data.mode + ':' + data.symbol + ':' + data.interval;
    var precision = data.candles.reduce(function (p, c) { return Math.max(p, decimalsOf(c.close)); }, 2);
    precision = Math.min(precision, 8);
    charts.candles.applyOptions({ priceFormat: { type: 'price', precision: precision, minMove: Math.pow(10, -precision) } });
    charts.candles.setData(data.candles.map(function (c) {
      return { time: seconds(c.time), open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close) };
    }));
    charts.volume.setData(data.candles.map(function (c) {
      return { time: seconds(c.time), value: Number(c.volume), color: Number(c.close) >= Number(c.open) ? 'rgba(38,166,154,0.35)' : 'rgba(239,83,80,0.35)' };
    }));
    var labelled = data.markers.length <= 10; // past that the labels overlap; the fills table has the details
    charts.markers.setMarkers(data.markers.map(function (m) {
      var buy = m.side === 'BUY';
      return {
        time: seconds(m.time),
        position: buy ? 'atPriceBottom' : 'atPriceTop',
        price: Number(m.price),
        shape: buy ? 'arrowUp' : 'arrowDown',
        color: buy ? '#3fb950' : '#ff6b61',
        text: labelled ? (buy ? 'B ' : 'S ') + dec(m.qty) : '',
      };
    }));
    if (state.shownKey !== key) { charts.price.timeScale().fitContent(); state.shownKey = key; }
    var last = data.candles[data.candles.length - 1];
    setText('price-title', data.symbol + ' · ' + data.interval);
    setText('price-legend', (last ? 'last ' + dec(last.close) + ' · ' : '') + data.markers.length + ' fill marker' + (data.markers.length === 1 ? '' : 's') + (data.markersTruncated ? ' (truncated)' : '') + ' · UTC');
  }

  function renderEquity(data) {
    var key = data.mode + ':' + data.interval;
    var points = data.points.map(function (p) { return { time: seconds(p.time), value: Number(p.valueUsd) }; });
    var first = points.length ? points[0].value : 0;
    charts.equityLine.applyOptions({ baseValue: { type: 'price', price: first }, pointMarkersVisible: points.length < 3 });
    charts.equityLine.setData(points);
    if (state.equityKey !== key) { charts.equity.timeScale().fitContent(); state.equityKey = key; }
    var change = points.length ? points[points.length - 1].value - first : 0;
    var legend = $('equity-legend');
    legend.replaceChildren(
      span('now ' + usd(data.currentValueUsd) + ' · '),
      span(signedUsd(change.toFixed(2)), signClass(change)),
      span(' over ' + points.length + ' bar' + (points.length === 1 ? '' : 's') + ' of ' + data.interval)
    );
    var note = data.method;
    if (data.accountSince) note += ' The account was opened or last reset at ' + utc(data.accountSince) + ' UTC; nothing before is shown.';
    if (data.unpriced.length) note += ' Not valued (no USD price): ' + data.unpriced.join(', ') + '.';
    setText('equity-note', note);
  }

  // ---------- panels ----------
  function renderOverview(o) {
    state.serverNow = o.now;
    setText('version', 'v' + o.version);
    var modeSelect = $('mode');
    if (modeSelect.options.length !== o.modes.length) {
      modeSelect.replaceChildren.apply(modeSelect, o.modes.map(function (m) { var opt = document.createElement('option'); opt.value = m; opt.textContent = m; return opt; }));
      modeSelect.title = o.live.available ? '' : 'live: ' + o.live.reason;
    }
    if (o.modes.indexOf(state.mode) < 0) state.mode = 'paper';
    modeSelect.value = state.mode;
    var pill = $('market-status');
    pill.textContent = 'market: ' + o.market.source + ' · ' + o.market.status.state;
    pill.title = o.market.status.message;
    pill.className = 'pill ' + o.market.status.state;
  }

  function renderAccount(a) {
    setText('kpi-value', usd(a.portfolioValueUsd));
    setText('kpi-daily', signedUsd(a.dailyPnlUsd), 'value ' + signClass(a.dailyPnlUsd));
    setText('kpi-unrealized', signedUsd(a.unrealizedPnlUsd), 'value ' + signClass(a.unrealizedPnlUsd));
    setText('kpi-realized', signedUsd(a.realizedPnlUsd), 'value ' + signClass(a.realizedPnlUsd));
    fillBody('positions', a.positions.map(function (p) {
      return [cell(p.asset), cell(dec(p.quantity), 'num'), cell(money(p.averageCost), 'num'), cell(money(p.marketPrice), 'num'), cell(usd(p.marketValueUsd), 'num'),
        cell(signedUsd(p.unrealizedPnlUsd), 'num ' + signClass(p.unrealizedPnlUsd)), cell(signedUsd(p.realizedPnlUsd), 'num ' + signClass(p.realizedPnlUsd))];
    }), 7, 'no positions');
    $('positions').title = a.valuationNotes.join('\n');
    fillBody('balances', a.balances.map(function (b) {
      return [cell(b.asset), cell(dec(b.free), 'num'), cell(dec(b.locked), 'num'), cell(dec(b.total), 'num')];
    }), 4, 'no balances');
  }

  function limitRow(label, value, meter) {
    var valueCell = cell(value);
    if (meter) {
      var bar = document.createElement('div');
      bar.className = 'meter' + (meter >= 1 ? ' danger' : meter >= 0.7 ? ' warn' : '');
      var fill = document.createElement('span');
      fill.style.width = Math.min(100, Math.max(0, meter * 100)).toFixed(1) + '%';
      bar.appendChild(fill);
      valueCell.appendChild(bar);
    }
    return [cell(label), valueCell];
  }

  function renderRisk(r) {
    var tripped = r.breaker.tripped;
    var banner = $('breaker-banner');
    var card = $('kpi-breaker-card');
    if (tripped) {
      banner.textContent = 'CIRCUIT BREAKER TRIPPED (' + r.mode + '): ' + (r.breaker.reason || ('tripped at ' + utc(r.breaker.trippedAt) + ' UTC')) +
        ' · orders that add exposure are denied until ' + (r.breaker.resetsAt ? utc(r.breaker.resetsAt) + ' UTC' : 'the next UTC day') +
        ' or until the operator runs: binance-mcp risk reset';
      banner.className = 'banner breaker';
    } else banner.className = 'banner hidden';
    card.className = 'kpi ' + (tripped ? 'tripped' : 'ok');
    setText('kpi-breaker', tripped ? 'TRIPPED' : 'OK');
    var l = r.limits;
    var loss = Number(r.dailyLossUsd);
    var rows = [
      limitRow("Today's loss", usd(Math.max(0, loss)) + (l.maxDailyLossUsd ? ' of ' + usd(l.maxDailyLossUsd) : ' (no limit)'), l.maxDailyLossUsd ? Math.max(0, loss) / Number(l.maxDailyLossUsd) : 0),
      limitRow('Max trade size', l.maxTradeSizeUsd ? usd(l.maxTradeSizeUsd) : 'unlimited'),
      limitRow('Max position size', l.maxPositionSizeUsd ? usd(l.maxPositionSizeUsd) : 'unlimited'),
      limitRow('Orders in last minute', r.ordersInLastMinute + (l.maxOrdersPerMinute ? ' of ' + l.maxOrdersPerMinute : ' (no limit)'), l.maxOrdersPerMinute ? r.ordersInLastMinute / l.maxOrdersPerMinute : 0),
      limitRow('Allowed symbols', l.allowedSymbols ? l.allowedSymbols.join(', ') : 'all'),
      limitRow('Denied symbols', l.deniedSymbols.length ? l.deniedSymbols.join(', ') : 'none'),
    ];
    fillBody('risk-limits', rows, 2, '');
    setText('risk-orders', r.mode + ' account');
    var list = $('risk-events');
    var items = r.events.slice(0, 12).map(function (e) {
      var li = document.createElement('li');
      li.appendChild(span(utc(e.time) + ' ', 'muted'));
      li.appendChild(span(e.code || e.kind, 'code' + (e.kind === 'breaker_tripped' ? ' tripped' : '')));
      li.appendChild(span(' ' + e.message));
      return li;
    });
    if (items.length === 0) { var none = document.createElement('li'); none.className = 'muted'; none.textContent = 'none'; items.push(none); }
    list.replaceChildren.apply(list, items);
  }

  function renderOrders(data) {
    fillBody('open-orders', data.orders.map(function (o) {
      return [cell(utc(o.createdAt)), cell(o.symbol), cell(o.side, o.side === 'BUY' ? 'buy' : 'sell'), cell(o.type), cell(dec(o.price), 'num'), cell(dec(o.stopPrice), 'num'),
        cell(dec(o.origQty), 'num'), cell(dec(o.executedQty), 'num'), cell(o.status)];
    }), 9, 'no open orders');
    setText('orders-count', data.orders.length + ' open');
    fillBody('order-lists', (data.lists || []).map(function (l) {
      return [cell(l.id), cell(l.kind), cell(l.symbol), cell(l.status), cell(l.exit), cell(l.legs.join(' | '))];
    }), 6, 'no open OCOs or brackets');
  }

  function renderFills(data) {
    fillBody('recent-fills', data.fills.map(function (f) {
      return [cell(utc(f.time)), cell(f.symbol), cell(f.side, f.side === 'BUY' ? 'buy' : 'sell'), cell(dec(f.price), 'num'), cell(dec(f.qty), 'num'),
        cell(dec(f.quoteQty), 'num'), cell(dec(f.commission) + ' ' + f.commissionAsset, 'num')];
    }), 7, 'no fills yet');
    setText('fills-count', 'latest ' + data.fills.length);
  }

  // ---------- refresh loop ----------
  // A change of account, symbol or interval starts a new generation: answers to older requests are dropped.
  function current(gen, render) { return function (data) { if (gen === state.gen) render(data); }; }

  async function refresh(changed) {
    if (state.busy && !changed) return;
    if (changed) state.gen++;
    var gen = state.gen;
    state.busy = true;
    var mode = { mode: state.mode };
    var chartQuery = { mode: state.mode, symbol: state.symbol, interval: state.interval, limit: String(CANDLE_LIMIT) };
    try {
      var results = await Promise.allSettled([
        api('overview').then(current(gen, renderOverview)),
        api('account', mode).then(current(gen, renderAccount)),
        api('risk', mode).then(current(gen, renderRisk)),
        api('candles', chartQuery).then(current(gen, renderCandles)),
        api('equity', { mode: state.mode, interval: state.interval, limit: String(CANDLE_LIMIT) }).then(current(gen, renderEquity)),
        api('orders', mode).then(current(gen, renderOrders)),
        api('fills', { mode: state.mode, limit: '25' }).then(current(gen, renderFills)),
      ]);
      var failed = results.filter(function (r) { return r.status === 'rejected'; }).map(function (r) { return r.reason; });
      if (gen !== state.gen) return;
      if (failed.some(function (e) { return e.status === 401; })) {
        showError('The server refused the token. Open this page again with ?token=<your token>.');
        stop();
      } else if (failed.length) {
        showError('Some data could not be loaded: ' + failed.map(function (e) { return e.message; }).join('; '));
      } else showError(null);
      // The server's clock, which is the replay's simulated time when the market is a replay.
      setText('updated', (failed.length ? 'partly updated ' : 'updated ') + new Date(state.serverNow || Date.now()).toISOString().slice(11, 19) + ' UTC');
    } finally {
      if (gen === state.gen) state.busy = false;
    }
  }

  var timer = null;
  function stop() { if (timer) clearInterval(timer); timer = null; }

  async function start() {
    if (!LWC) { showError('The chart library did not load.'); return; }
    ensureCharts();
    var markets;
    try { markets = await api('markets'); } catch (e) {
      showError(e.status === 401 ? 'The server refused the token. Open this page again with ?token=<your token>.' : 'Markets could not be loaded: ' + e.message);
      return;
    }
    var symbols = markets.symbols.map(function (m) { return m.symbol; });
    if (!state.symbol || symbols.indexOf(state.symbol) < 0) state.symbol = symbols.indexOf('BTCUSD') >= 0 ? 'BTCUSD' : symbols[0];
    if (markets.intervals.indexOf(state.interval) < 0) state.interval = '5m';
    var symbolSelect = $('symbol');
    symbolSelect.replaceChildren.apply(symbolSelect, symbols.map(function (s) { var o = document.createElement('option'); o.value = s; o.textContent = s; return o; }));
    symbolSelect.value = state.symbol;
    var intervalSelect = $('interval');
    intervalSelect.replaceChildren.apply(intervalSelect, markets.intervals.map(function (i) { var o = document.createElement('option'); o.value = i; o.textContent = i; return o; }));
    intervalSelect.value = state.interval;
    function onChange(field) {
      return function (ev) { state[field] = ev.target.value; savePrefs(); refresh(true); };
    }
    symbolSelect.addEventListener('change', onChange('symbol'));
    intervalSelect.addEventListener('change', onChange('interval'));
    $('mode').addEventListener('change', onChange('mode'));
    await refresh(false);
    timer = setInterval(function () { refresh(false); }, REFRESH_MS);
    document.addEventListener('visibilitychange', function () { if (!document.hidden && timer) refresh(false); });
  }

  start();
})();
`;

export const dashboardScript = source;
