import type { MonitorKind } from '@/lib/monitors';

/** How one input of a monitor form looks. The zod schema of the kind decides what is valid. */
export interface FieldSpec {
  name: string;
  label: string;
  /** 'secret-lines': a write-only textarea (secret header lines), as 'password' is a write-only input. */
  type: 'text' | 'number' | 'password' | 'checkbox' | 'select' | 'textarea' | 'secret-lines';
  hint?: string;
  placeholder?: string;
  options?: { value: string; label: string }[];
  defaultValue?: string | boolean;
  /** The group of conditions the field belongs to; consecutive fields of one section are shown together. */
  section?: FieldSection;
}

/** A group of fields (a condition and its thresholds) with a hint on what is measured and how. */
export interface FieldSection {
  title: string;
  hint?: string;
}

/** Puts fields in one section: the form shows them under its title and hint, any kind can use it. */
export function section(title: string, hint: string, fields: FieldSpec[]): FieldSpec[] {
  const group: FieldSection = { title, hint };
  return fields.map((field) => ({ ...field, section: group }));
}

/** The fields in order, consecutive ones of one section together; a field with no section is a group of its own. */
export function groupBySection(fields: FieldSpec[]): Array<{ section?: FieldSection; fields: FieldSpec[] }> {
  const groups: Array<{ section?: FieldSection; fields: FieldSpec[] }> = [];
  for (const field of fields) {
    const last = groups.at(-1);
    if (field.section && last?.section === field.section) last.fields.push(field);
    else groups.push({ section: field.section, fields: [field] });
  }
  return groups;
}

const host: FieldSpec = { name: 'host', label: 'Host', type: 'text', placeholder: 'db1.example.com' };
const port = (defaultValue?: string): FieldSpec => ({ name: 'port', label: 'Port', type: 'number', defaultValue });
const timeout = (ms: number): FieldSpec => ({ name: 'timeoutMs', label: 'Timeout (ms)', type: 'number', defaultValue: String(ms) });
const tls: FieldSpec[] = [
  { name: 'caCert', label: 'CA certificate (PEM)', type: 'textarea', placeholder: '-----BEGIN CERTIFICATE-----', hint: 'For a server signed by a private CA: only the CAs pasted here are trusted. Empty: the system\'s CAs.' },
  { name: 'tlsInsecure', label: 'Do not verify the certificate (insecure)', type: 'checkbox', hint: 'Accepts any certificate, even a forged one. Prefer the CA certificate above.' },
];

type Threshold = [name: string, label: string, defaultValue: string];
/** A condition's switch (off by default) and the numeric thresholds it turns on. */
const condition = (name: string, label: string, ...thresholds: Threshold[]): FieldSpec[] => [
  { name, label, type: 'checkbox' },
  ...thresholds.map(([limit, limitLabel, defaultValue]): FieldSpec => ({ name: limit, label: limitLabel, type: 'number', defaultValue })),
];

/** The fields each check kind adds to the common ones, in the order the form shows them. */
export const KIND_FIELDS: Record<MonitorKind, FieldSpec[]> = {
  redis: [
    host,
    port('6379'),
    { name: 'password', label: 'Password', type: 'password' },
    { name: 'mode', label: 'Mode', type: 'select', options: [{ value: 'standalone', label: 'Standalone' }, { value: 'cluster', label: 'Cluster' }], defaultValue: 'standalone' },
    { name: 'otherNodes', label: 'Other cluster nodes', type: 'text', placeholder: '10.0.0.2:6379, 10.0.0.3:6379', hint: 'Cluster only: asked in turn when the host above does not answer.' },
    { name: 'tls', label: 'Use TLS', type: 'checkbox' },
    timeout(5000),
    ...section('Health, keys and IOPS', 'On a cluster, per primary: health is its cluster_state, keys its DBSIZE.', [
      { name: 'watchHealth', label: 'Monitor health', type: 'checkbox', defaultValue: true },
      ...condition('watchKeys', 'Monitor key count', ['minKeys', 'Min keys', '0'], ['maxKeys', 'Max keys', '1000000000']),
      ...condition('watchIops', 'Monitor IOPS', ['minIops', 'Min IOPS', '0'], ['maxIops', 'Max IOPS', '1000000']),
    ]),
    ...section('Memory', "Used memory as a % of maxmemory, or of the host's total memory when maxmemory is 0. Every node of a cluster.",
      condition('watchMemory', 'Monitor memory', ['maxMemoryPct', 'Max memory used (%)', '90'])),
    ...section('Clients', 'Connected clients as a % of maxclients. Rejected connections are counted from one run to the next, per node; after a restart of Redis the next run starts counting anew, with no alert.', [
      ...condition('watchClients', 'Monitor connected clients', ['maxClientsPct', 'Max clients (% of maxclients)', '90']),
      ...condition('watchRejected', 'Monitor rejected connections', ['maxRejected', 'Max rejected connections since the last run', '0']),
    ]),
    ...section('Evictions', 'Keys evicted per second from one run to the next, per node (0: any eviction fails). After a restart of Redis the next run starts counting anew, with no alert.',
      condition('watchEvictions', 'Monitor evictions', ['maxEvictionsPerSec', 'Max evicted keys per second', '0'])),
    ...section('Replication', "A replica: its link to the primary is up, the primary was heard from recently, and its offset is close to the primary's (asked of the primary at the address the replica reports, when imalert can reach it). A primary: enough connected replicas.", [
      { name: 'watchReplication', label: 'Monitor replication', type: 'checkbox' },
      { name: 'expectedRole', label: 'Expected role', type: 'select', options: [{ value: 'any', label: 'Any' }, { value: 'primary', label: 'Primary' }, { value: 'replica', label: 'Replica' }], defaultValue: 'any' },
      { name: 'maxLinkIdleSeconds', label: 'Max seconds since the primary was heard from', type: 'number', defaultValue: '30' },
      { name: 'maxOffsetLag', label: 'Max offset behind the primary (bytes)', type: 'number', defaultValue: '1000000' },
      { name: 'minReplicas', label: 'Min connected replicas (on a primary)', type: 'number', defaultValue: '1' },
    ]),
    ...section('Cluster', 'Cluster mode only. Node states as the first node that answers sees them (neither fail nor pfail); all 16,384 slots served, as each primary sees it; replicas that are up, per primary.', [
      ...condition('watchClusterNodes', 'Monitor node states and slots'),
      ...condition('watchClusterReplicas', 'Monitor replicas per primary', ['minReplicasPerPrimary', 'Min replicas per primary', '1']),
    ]),
    ...section('Persistence', 'When RDB snapshots are on (CONFIG save; if CONFIG is not allowed, taken as on): the last save succeeded and is recent. When AOF is on: its last write succeeded.',
      condition('watchPersistence', 'Monitor persistence', ['maxRdbAgeHours', 'Max hours since the last RDB save', '24'])),
    ...section('Latency', 'The round trip of one PING, timed on its own, on every node.',
      condition('watchLatency', 'Monitor PING time', ['maxPingMs', 'Max PING round trip (ms)', '100'])),
  ],
  elastic: [
    { name: 'url', label: 'Cluster URL', type: 'text', placeholder: 'https://es.example.com:9200' },
    ...section('Authentication', 'A user with the monitor cluster privilege, or an API key.', [
      { name: 'authRequired', label: 'Authentication required', type: 'checkbox' },
      { name: 'authMethod', label: 'Authenticate with', type: 'select', options: [{ value: 'basic', label: 'User and password' }, { value: 'apiKey', label: 'API key' }], defaultValue: 'basic' },
      { name: 'user', label: 'User', type: 'text' },
      { name: 'password', label: 'Password', type: 'password' },
      { name: 'apiKey', label: 'API key', type: 'password', hint: 'The encoded key Elasticsearch shows once (or id:key).' },
    ]),
    { name: 'watchHealth', label: 'Monitor cluster health', type: 'checkbox', defaultValue: true, hint: 'From _cluster/health: status green and no unassigned shards.' },
    ...section('Shards, tasks and nodes', 'From _cluster/health. Each threshold left empty is off.', [
      { name: 'maxRelocatingShards', label: 'Max relocating shards', type: 'number' },
      { name: 'maxInitializingShards', label: 'Max initializing shards', type: 'number' },
      { name: 'maxPendingTasks', label: 'Max pending tasks', type: 'number' },
      { name: 'minNodes', label: 'Min nodes', type: 'number' },
      { name: 'minDataNodes', label: 'Min data nodes', type: 'number' },
    ]),
    ...section('Heap and disk, per node', 'From _nodes/stats; the message names the node. Each threshold left empty is off.', [
      { name: 'maxHeapPercent', label: 'Max JVM heap used (%)', type: 'number', hint: 'On any node (_nodes/stats/jvm).' },
      { name: 'maxDiskPercent', label: 'Max disk used (%)', type: 'number', hint: 'On any node, its fullest data path (_nodes/stats/fs).' },
    ]),
    { name: 'watchDiskWatermark', label: "Alert past the cluster's high disk watermark", type: 'checkbox', hint: 'On any data node, as the cluster itself judges it (cluster.routing.allocation.disk.watermark.high, with its max headroom).' },
    ...section('TLS', 'For https:// URLs signed by a private CA.', tls.slice(0, 1)),
    tls[1],
    timeout(10_000),
  ],
  remind: [{ name: 'message', label: 'Message', type: 'textarea', hint: 'Sent to Slack every time the schedule fires.' }],
  http: [
    { name: 'url', label: 'URL', type: 'text', placeholder: 'https://app.example.com/health' },
    ...section('Request', 'What imalert sends.', [
      { name: 'method', label: 'Method', type: 'select', options: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((m) => ({ value: m, label: m })), defaultValue: 'GET' },
      { name: 'headers', label: 'Headers', type: 'textarea', placeholder: 'Accept: application/json', hint: 'One a line, Name: value. Shown on the monitor\'s page: put credentials in the secret headers.' },
      { name: 'secretHeaders', label: 'Secret headers', type: 'secret-lines', hint: 'Like headers, for credentials (Authorization: Bearer …); never sent to another site a redirect leads to.' },
      { name: 'body', label: 'Body', type: 'textarea', hint: 'Sent with POST, PUT, PATCH, DELETE or OPTIONS; set its Content-Type in the headers.' },
      { name: 'redirects', label: 'Redirects', type: 'select', options: [{ value: 'follow', label: 'Follow (up to 5)' }, { value: 'none', label: 'Do not follow: judge the redirect itself' }], defaultValue: 'follow' },
    ]),
    ...section('Response', 'What the answer must be: each condition left empty is off.', [
      { name: 'acceptedStatus', label: 'Accepted status codes', type: 'text', defaultValue: '200-299', hint: 'Codes and ranges, like 200-299,301.' },
      { name: 'expectedText', label: 'Expected response text', type: 'text', hint: 'The body must contain this text (empty: any body).' },
      { name: 'expectedPattern', label: 'Regular expression', type: 'text', placeholder: 'version: 4\\.\\d+', hint: 'The body must match it. RE2 syntax (no lookaround or backreferences), so matching a large body stays fast.' },
      { name: 'jsonPath', label: 'JSON path', type: 'text', placeholder: '$.status', hint: 'Into a JSON body (RFC 9535), like $.status or $.checks[?@.name==\'db\'].state.' },
      { name: 'jsonExpected', label: 'Expected value at the JSON path', type: 'text', placeholder: 'ok', hint: 'JSON (3, true, "ok") or plain text; every value the path selects must equal it. Empty: the path must select something.' },
      { name: 'maxResponseMs', label: 'Max response time (ms)', type: 'number', hint: 'Empty: no limit beyond the timeout.' },
    ]),
    ...section('Certificate', 'For https:// URLs: the message gives the expiry date.',
      condition('watchCertExpiry', 'Alert before the certificate expires', ['certExpiryDays', 'Days before expiry', '14'])),
    ...section('TLS', 'For https:// URLs signed by a private CA.', tls.slice(0, 1)),
    tls[1],
    timeout(10_000),
  ],
  tcp: [host, port(), timeout(5000)],
  latency: [host, port(), { name: 'maxLatencyMs', label: 'Max latency (ms)', type: 'number' }, timeout(10_000)],
  heartbeat: [{
    name: 'graceSeconds', label: 'Grace period (seconds)', type: 'number', defaultValue: '300',
    hint: 'How long after each scheduled time the job has to ping before it counts as missed (300 = 5 minutes).',
  }],
};

/** Alert settings every monitor has, after the kind's own fields. */
export const ALERT_FIELDS: FieldSpec[] = [
  { name: 'failureThreshold', label: 'Failures before down', type: 'number', defaultValue: '1', hint: 'A check (any of its conditions) must fail this many runs in a row before the monitor is down.' },
  { name: 'successThreshold', label: 'Successes before up', type: 'number', defaultValue: '1' },
  { name: 'renotifyMinutes', label: 'Re-notify every (minutes, 0 = never)', type: 'number', defaultValue: '60' },
];
