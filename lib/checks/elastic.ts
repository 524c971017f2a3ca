import { stripCredentials } from '../monitors/target';
import { basicAuth, getCapped } from './http-client';
import { describeError, excerpt } from './net';
import { failed, passed } from './result';
import type { Check } from './types';

/** A health answer is a few hundred bytes; anything far larger is not one. */
const MAX_HEALTH_BYTES = 256 * 1024;

interface ClusterHealth {
  cluster_name?: unknown;
  status?: unknown;
  number_of_nodes?: unknown;
  unassigned_shards?: unknown;
}

/** `{url}/_cluster/health`, keeping any path prefix and tolerating a trailing slash. */
export function healthUrl(base: string): URL {
  return new URL('_cluster/health', base.endsWith('/') ? base : `${base}/`);
}

/**
 * I Watch Elastic: GET _cluster/health (basic auth when required). Unreachable, non-2xx or unreadable
 * fails; with health monitoring on, so does a status other than green or any unassigned shard.
 */
export const checkElastic: Check<'elastic'> = async (monitor, signal) => {
  const url = healthUrl(monitor.url);
  const shown = stripCredentials(url.toString());
  const headers: Record<string, string> = { accept: 'application/json' };
  if (monitor.authRequired) headers.authorization = basicAuth(monitor.user, monitor.password);
  let response;
  try {
    response = await getCapped(url, { signal, maxBytes: MAX_HEALTH_BYTES, headers });
  } catch (error) {
    if (signal.aborted) throw error;
    return failed(`${shown} could not be reached: ${describeError(error)}`, { url: shown, error: describeError(error) });
  }
  const text = response.body.toString('utf8');
  const base = { url: shown, httpStatus: response.status };
  if (response.status === 401) return failed(`Authentication failed at ${shown} (HTTP 401)`, base);
  if (response.status === 403) return failed(`The user may not read cluster health at ${shown} (HTTP 403)`, base);
  if (response.status < 200 || response.status > 299) {
    return failed(`${shown} answered HTTP ${response.status}: ${excerpt(text) || '(empty body)'}`, { ...base, bodyExcerpt: excerpt(text) });
  }
  let health: ClusterHealth;
  try {
    health = JSON.parse(text) as ClusterHealth;
    if (!health || typeof health !== 'object') throw new Error('not an object');
  } catch {
    return failed(`${shown} did not answer with cluster health JSON: ${excerpt(text, 100) || '(empty body)'}`, { ...base, bodyExcerpt: excerpt(text) });
  }
  const details = {
    ...base,
    clusterName: health.cluster_name,
    status: health.status,
    numberOfNodes: health.number_of_nodes,
    unassignedShards: health.unassigned_shards,
  };
  const name = typeof health.cluster_name === 'string' ? `Cluster ${excerpt(health.cluster_name, 100)}` : 'Cluster';
  if (!monitor.watchHealth) return passed(`${name} answered at ${shown}`, details);
  const problems: string[] = [];
  // Red (primaries missing) outranks yellow (replicas missing): yellow → red is a worse outage to tell.
  let severity = 0;
  if (health.status !== 'green') {
    problems.push(`cluster status is ${typeof health.status === 'string' ? excerpt(health.status, 20) : 'missing'}`);
    severity += health.status === 'red' ? 2 : 1;
  }
  const unassigned = Number(health.unassigned_shards ?? 0);
  if (!Number.isFinite(unassigned) || unassigned > 0) severity += 1;
  if (!Number.isFinite(unassigned)) problems.push('unassigned_shards is not a number');
  else if (unassigned > 0) problems.push(`${unassigned} unassigned shard${unassigned === 1 ? '' : 's'}`);
  if (problems.length > 0) return { ...failed(`${name}: ${problems.join(', ')}`, details), severity };
  return passed(`${name} is green, no unassigned shards`, details);
};
