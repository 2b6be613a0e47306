export {
  SyntheticMarketData,
  DEFAULT_SEED,
  DEFAULT_HISTORY_DAYS,
  type SyntheticOptions,
} from './synthetic-market-data.js';
export { TapeMarketData, MAX_CATCH_UP_MS, type TapeListing } from './tape-market-data.js';
export {
  SYNTHETIC_SYMBOLS,
  SYNTHETIC_PAIRS,
  SYNTHETIC_ASSETS,
  KNOWN_QUOTES,
  DEFAULT_FEES,
  syntheticCatalog,
  pairSpec,
  assetSpec,
  marketFromSpec,
  type PairSpec,
  type AssetSpec,
} from './catalog.js';
