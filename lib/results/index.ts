export { applyResult, recordSkipped, targetOf, HISTORY_LIMITS, type ApplyOutcome, type ApplyResultInput, type ResultJob, type ResultsContext, type SkipOutcome } from './apply';
export { getIncidents, getRollups, getRuns, getStates, getUptime, statusCounts } from './read';
export * from './types';
