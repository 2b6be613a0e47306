/**
 * The order-list contract against BinanceUsBroker over REST and the user-data websocket to the
 * fake Binance.US, whose venue is a SimulatedBroker over scripted market data.
 */
import { runCancelReplaceContract } from '../contract/cancel-replace.contract.js';
import { runOrderListContract } from '../contract/order-list.contract.js';
import { liveBrokerOverTheFake } from './fake-venue-harness.js';

runOrderListContract('BinanceUsBroker over REST and websocket against the fake Binance.US', liveBrokerOverTheFake);
runCancelReplaceContract('BinanceUsBroker over REST against the fake Binance.US', liveBrokerOverTheFake);
