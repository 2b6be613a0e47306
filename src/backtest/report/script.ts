/** The report page's script: reads the embedded result and draws three lightweight-charts panes. */
export const reportScript = String.raw`
(function () {
  if (location.search.indexOf('token=') >= 0) history.replaceState(null, '', location.pathname);
  var data = JSON.parse(document.getElementById('backtest-data').textContent);
  var LWC = window.LightweightCharts;
  var sec = function (ms) { return Math.floor(ms / 1000); };
  var options = function () {
    return { height: 260, layout: { background: { color: '#ffffff' }, textColor: '#222' }, timeScale: { timeVisible: true, secondsVisible: false }, rightPriceScale: { borderVisible: false }, grid: { vertLines: { color: '#eee' }, horzLines: { color: '#eee' } } };
  };
  var equity = LWC.createChart(document.getElementById('equity-chart'), options());
  var strategyLine = equity.addSeries(LWC.LineSeries, { color: '#1f6feb', lineWidth: 2, title: 'strategy' });
  var holdLine = equity.addSeries(LWC.LineSeries, { color: '#9a9a9a', lineWidth: 1, title: 'buy-and-hold' });
  strategyLine.setData(data.equity.map(function (p) { return { time: sec(p.time), value: p.equity }; }));
  holdLine.setData(data.equity.map(function (p) { return { time: sec(p.time), value: p.buyAndHold }; }));
  equity.timeScale().fitContent();

  var dd = LWC.createChart(document.getElementById('drawdown-chart'), options());
  var ddArea = dd.addSeries(LWC.AreaSeries, { lineColor: '#cf222e', topColor: 'rgba(207,34,46,0.05)', bottomColor: 'rgba(207,34,46,0.4)', lineWidth: 1, title: 'drawdown %' });
  ddArea.setData(data.equity.map(function (p) { return { time: sec(p.time), value: -p.drawdown * 100 }; }));
  dd.timeScale().fitContent();

  var price = LWC.createChart(document.getElementById('price-chart'), options());
  var priceLine = price.addSeries(LWC.LineSeries, { color: '#333', lineWidth: 1, title: data.symbol });
  var points = data.prices.map(function (p) { return { time: sec(p.time), value: p.close }; });
  priceLine.setData(points);
  var snap = function (t) {
    var lo = 0, hi = points.length - 1, best = points.length ? points[0].time : t;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (points[mid].time <= t) { best = points[mid].time; lo = mid + 1; } else hi = mid - 1; }
    return best;
  };
  var markers = [];
  data.trades.forEach(function (t) {
    if (t.symbol !== data.symbol) return;
    markers.push({ time: snap(sec(t.entryTime)), position: 'belowBar', color: '#1a7f37', shape: 'arrowUp', text: 'buy' });
    markers.push({ time: snap(sec(t.exitTime)), position: 'aboveBar', color: t.pnl >= 0 ? '#1f6feb' : '#cf222e', shape: 'arrowDown', text: t.exitReason.split(' ')[0] });
  });
  markers.sort(function (a, b) { return a.time - b.time; });
  LWC.createSeriesMarkers(priceLine, markers);
  price.timeScale().fitContent();
  document.body.setAttribute('data-charts', 'ready');
})();
`;
