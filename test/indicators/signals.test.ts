import { describe, expect, it } from 'vitest';
import { bollingerSignal, macdSignal, rsiSignal, smaSignal, tallySignals } from '../../src/indicators/signals.js';

describe('signals', () => {
  it('rsiSignal when below 30 then BUY, above 70 then SELL, between or at the thresholds then NEUTRAL', () => {
    expect(rsiSignal(29.99)).toBe('BUY');
    expect(rsiSignal(70.01)).toBe('SELL');
    expect(rsiSignal(30)).toBe('NEUTRAL');
    expect(rsiSignal(70)).toBe('NEUTRAL');
    expect(rsiSignal(50)).toBe('NEUTRAL');
  });
  it('macdSignal when MACD is above its signal then BUY, below then SELL, equal then NEUTRAL', () => {
    expect(macdSignal(0.5, 0.2)).toBe('BUY');
    expect(macdSignal(-0.5, -0.2)).toBe('SELL');
    expect(macdSignal(0.1, 0.1)).toBe('NEUTRAL');
  });
  it('smaSignal when SMA20 is above SMA50 then BUY, below then SELL', () => {
    expect(smaSignal(101, 100)).toBe('BUY');
    expect(smaSignal(99, 100)).toBe('SELL');
  });
  it('bollingerSignal when close is below the lower band then BUY, above the upper then SELL, inside or on a band then NEUTRAL', () => {
    expect(bollingerSignal(89, 110, 90)).toBe('BUY');
    expect(bollingerSignal(111, 110, 90)).toBe('SELL');
    expect(bollingerSignal(100, 110, 90)).toBe('NEUTRAL');
    expect(bollingerSignal(90, 110, 90)).toBe('NEUTRAL');
  });
  it('every signal when a value is null (warm-up) then NEUTRAL', () => {
    expect(rsiSignal(null)).toBe('NEUTRAL');
    expect(macdSignal(null, 1)).toBe('NEUTRAL');
    expect(macdSignal(1, null)).toBe('NEUTRAL');
    expect(smaSignal(1, null)).toBe('NEUTRAL');
    expect(bollingerSignal(1, null, null)).toBe('NEUTRAL');
  });
  it('tallySignals when one side has at least half and more than the other then that side, else NEUTRAL', () => {
    expect(tallySignals(['BUY', 'BUY', 'NEUTRAL', 'NEUTRAL'])).toEqual({ overall: 'BUY', buy: 2, sell: 0, neutral: 2 });
    expect(tallySignals(['SELL', 'SELL', 'SELL', 'BUY']).overall).toBe('SELL');
    expect(tallySignals(['BUY', 'NEUTRAL', 'NEUTRAL', 'NEUTRAL']).overall).toBe('NEUTRAL');
    expect(tallySignals(['BUY', 'BUY', 'SELL', 'SELL']).overall).toBe('NEUTRAL');
    expect(tallySignals(['NEUTRAL', 'NEUTRAL', 'NEUTRAL', 'NEUTRAL'])).toEqual({
      overall: 'NEUTRAL',
      buy: 0,
      sell: 0,
      neutral: 4,
    });
  });
});
