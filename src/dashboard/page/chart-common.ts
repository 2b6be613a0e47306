/** Chart settings shared by the dashboard's pages (lightweight-charts on a dark panel); inlined in their scripts. */
export const chartCommon = String.raw`  function chartOptions() {
    return {
      autoSize: true,
      // The TradingView attribution the library's licence asks for is the link in the page footer.
      layout: { background: { type: 'solid', color: '#151b23' }, textColor: '#8593a3', fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: '#1d2530' }, horzLines: { color: '#1d2530' } },
      rightPriceScale: { borderColor: '#262f3b' },
      timeScale: { borderColor: '#262f3b', timeVisible: true, secondsVisible: false, rightOffset: 12 },
      crosshair: { mode: LWC.CrosshairMode.Normal },
    };
  }
  function seconds(ms) { return Math.floor(ms / 1000); }
`;
