/**
 * Pings of Did It Run monitors: each monitor's secret token (stored as its SHA-256 in the index, and
 * encrypted to be shown again), the ping requests that record results at once, and their limits.
 */
export { PING_LIMITS, receivePing, type PingReply } from './receive';
export { hashPingToken, isWellFormedPingToken, pingUrl, readPingActivity, readPingDetails, setPingToken, type PingDetails } from './tokens';
export type { PingEvent } from './lua';
export type { PingActivity } from './ping-record';
