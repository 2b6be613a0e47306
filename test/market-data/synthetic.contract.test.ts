import { ManualClock } from '../../src/clock/manual-clock.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/index.js';
import { runMarketDataContract } from '../contract/market-data.contract.js';

const START = Date.UTC(2025, 5, 1, 12, 34, 56, 789);

runMarketDataContract('synthetic', async () => {
  const clock = new ManualClock(START);
  const md = new SyntheticMarketData(clock, { seed: 7 });
  return {
    md,
    clock,
    advance: (ms) => {
      clock.advance(ms);
      md.pump();
    },
    cleanup: () => md.close(),
  };
});

runMarketDataContract(
  'synthetic (pegged USDTUSD)',
  async () => {
    const clock = new ManualClock(START);
    const md = new SyntheticMarketData(clock, { seed: 7, symbols: ['USDTUSD', 'SHIBUSD'] });
    return {
      md,
      clock,
      advance: (ms) => {
        clock.advance(ms);
        md.pump();
      },
      cleanup: () => md.close(),
    };
  },
  { symbol: 'USDTUSD' },
);
