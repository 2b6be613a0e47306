/** A live app over a fresh fake Binance.US for each test, closed and removed after it. */
import { afterEach } from 'vitest';
import type { TradingDesk } from '../../src/app/api.js';
import type { ComposedApp } from '../../src/compose/app.js';
import type { BinanceUsTuning } from '../../src/exchanges/binance-us/index.js';
import { liveApp, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';

export function liveAppPerTest(tuning: BinanceUsTuning): () => Promise<{
  desk: TradingDesk;
  venue: LiveVenue;
  app: ComposedApp;
}> {
  let venue: LiveVenue | undefined;
  let handle: LiveAppHandle | undefined;
  let app: ComposedApp | undefined;
  afterEach(async () => {
    await app?.close();
    await venue?.close();
    await handle?.remove();
    app = venue = handle = undefined;
  });
  return async () => {
    venue = await startLiveVenue();
    handle = await liveApp(venue.fake, tuning);
    app = await handle.open();
    return { desk: app.desks.live as TradingDesk, venue, app };
  };
}
