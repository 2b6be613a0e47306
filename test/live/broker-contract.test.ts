/**
 * The Broker contract suite against BinanceUsBroker, talking signed REST and the user-data
 * websocket to the fake Binance.US. The fake's venue is a SimulatedBroker over scripted market
 * data on the wall clock, so the harness can print a trade that moves resting orders into fills.
 */
import { beforeEach } from 'vitest';
import { runBrokerContract } from '../contract/broker.contract.js';
import { liveBrokerOverTheFake } from './fake-venue-harness.js';

/**
 * Contract tests this adapter does not pass by design, each with the gap it names. The issue asks
 * the live adapter to round quantities and prices to the symbol's filters before sending, so an
 * off-step quantity is floored to the LOT_SIZE grid and placed, where the venue (and the simulated
 * broker) refuses it with -1013. Through the app the difference never shows: TradingService rounds
 * first and reports the adjustment.
 */
const GAPS: Record<string, string> = {
  'placeOrder with a quantity off the LOT_SIZE step then rejects -1013 Filter failure: LOT_SIZE':
    'gap: BinanceUsBroker rounds quantities to the LOT_SIZE step before sending (issue 4: "rounded to the filters before sending"), so it never sends an off-step quantity for the venue to reject',
};

beforeEach((context) => {
  const gap = GAPS[context.task.name];
  if (gap) context.skip(gap);
});

runBrokerContract('BinanceUsBroker over REST and websocket against the fake Binance.US', liveBrokerOverTheFake);
