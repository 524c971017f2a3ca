/**
 * Results, state and history of monitors. `applyResults` (one atomic script per batch, acks included;
 * `applyResult` for one) is the only writer of a monitor's state and status indexes, and enqueues the
 * alerts to the outbox in that same step; `recordSkipped` counts jobs not run; the readers serve the
 * UI, one round trip each. The state hash has one schema (state-schema.ts) for its writers and readers.
 */
export { applyResult, applyResults, recordSkipped, targetOf, HISTORY_LIMITS, type ApplyOutcome, type ApplyResultInput, type ResultJob, type ResultsContext, type SkipOutcome } from './apply';
export { getIncidents, getRollups, getRuns, getStates, getUptime, statusCounts } from './read';
export * from './types';
export { stateHashSchema, type StateHash } from './state-schema';
