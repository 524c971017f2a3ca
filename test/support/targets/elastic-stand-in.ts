import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHttpTarget, type HttpTarget } from './http-target';

const FIXTURES = fileURLToPath(new URL('../../fixtures/elastic/', import.meta.url));

/** A fixture of test/fixtures/elastic/ (Elasticsearch 8's documented answers), parsed. */
export function elasticFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Record<string, unknown>;
}

export interface ElasticStandInOptions {
  /** The answers, each a fixture name or a JSON value. */
  health?: string | object;
  nodeStats?: string | object;
  settings?: string | object;
  /** The Authorization header it requires; anything else is a 401 as Elasticsearch words it. */
  authorization?: string;
  tls?: { key: string; cert: string };
}

const ROUTES: Record<string, keyof ElasticStandInOptions> = {
  '/_cluster/health': 'health',
  '/_nodes/stats/jvm,fs': 'nodeStats',
  '/_cluster/settings': 'settings',
};

/** A stand-in for an Elasticsearch 8 cluster on 127.0.0.1: the three APIs the check reads, from fixtures. */
export function startElasticStandIn(options: ElasticStandInOptions): Promise<HttpTarget> {
  return startHttpTarget((req, res) => {
    const path = decodeURIComponent((req.url ?? '').replace(/\?.*$/, ''));
    if (options.authorization !== undefined && req.headers.authorization !== options.authorization) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="security", charset="UTF-8", ApiKey' });
      res.end(JSON.stringify({ error: { root_cause: [{ type: 'security_exception', reason: 'unable to authenticate user [elastic] for REST request [/_cluster/health]' }], type: 'security_exception', reason: 'unable to authenticate user [elastic] for REST request [/_cluster/health]' }, status: 401 }));
      return;
    }
    const answer = ROUTES[path] ? options[ROUTES[path]] : undefined;
    if (answer === undefined) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no handler found for uri [${path}] and method [${req.method}]` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(JSON.stringify(typeof answer === 'string' ? elasticFixture(answer) : answer));
  }, options.tls);
}
