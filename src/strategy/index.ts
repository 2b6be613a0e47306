export * from './schema.js';
export { parseStrategy, InvalidStrategy, jsonPath, type ParsedStrategy, type StrategyIssue } from './validate.js';
export { canonicalJson, strategyHash } from './hash.js';
export { stopCrossed, type GuardedLot, type StopExit } from './protective-stop.js';
export { SignalEvaluator, type EvaluationContext } from './evaluator.js';
export { INDICATOR_FIELDS, PRICE_SOURCES, type BarInput, type IndicatorSpec } from './indicator-catalog.js';
export {
  TEMPLATES,
  findTemplate,
  instantiateTemplate,
  templateParameters,
  type StrategyTemplate,
  type TemplateParameter,
  type TemplateValues,
} from './templates/index.js';
