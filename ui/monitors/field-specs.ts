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
}

const host: FieldSpec = { name: 'host', label: 'Host', type: 'text', placeholder: 'db1.example.com' };
const port = (defaultValue?: string): FieldSpec => ({ name: 'port', label: 'Port', type: 'number', defaultValue });
const timeout = (ms: number): FieldSpec => ({ name: 'timeoutMs', label: 'Timeout (ms)', type: 'number', defaultValue: String(ms) });
const tls: FieldSpec[] = [
  { name: 'caCert', label: 'CA certificate (PEM)', type: 'textarea', placeholder: '-----BEGIN CERTIFICATE-----', hint: 'For a server signed by a private CA: only the CAs pasted here are trusted. Empty: the system\'s CAs.' },
  { name: 'tlsInsecure', label: 'Do not verify the certificate (insecure)', type: 'checkbox', hint: 'Accepts any certificate, even a forged one. Prefer the CA certificate above.' },
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
    { name: 'watchHealth', label: 'Monitor health', type: 'checkbox', defaultValue: true },
    { name: 'watchKeys', label: 'Monitor key count', type: 'checkbox' },
    { name: 'minKeys', label: 'Min keys', type: 'number', defaultValue: '0' },
    { name: 'maxKeys', label: 'Max keys', type: 'number', defaultValue: '1000000000' },
    { name: 'watchIops', label: 'Monitor IOPS', type: 'checkbox' },
    { name: 'minIops', label: 'Min IOPS', type: 'number', defaultValue: '0' },
    { name: 'maxIops', label: 'Max IOPS', type: 'number', defaultValue: '1000000' },
    timeout(5000),
  ],
  elastic: [
    { name: 'url', label: 'Cluster URL', type: 'text', placeholder: 'https://es.example.com:9200' },
    { name: 'authRequired', label: 'Authentication required', type: 'checkbox' },
    { name: 'authMethod', label: 'Authenticate with', type: 'select', options: [{ value: 'basic', label: 'User and password' }, { value: 'apiKey', label: 'API key' }], defaultValue: 'basic' },
    { name: 'user', label: 'User', type: 'text' },
    { name: 'password', label: 'Password', type: 'password' },
    { name: 'apiKey', label: 'API key', type: 'password', hint: 'The encoded key Elasticsearch shows once (or id:key).' },
    { name: 'watchHealth', label: 'Monitor cluster health', type: 'checkbox', defaultValue: true, hint: 'Status green and no unassigned shards.' },
    { name: 'maxRelocatingShards', label: 'Max relocating shards', type: 'number', hint: 'Each threshold left empty is off.' },
    { name: 'maxInitializingShards', label: 'Max initializing shards', type: 'number' },
    { name: 'maxPendingTasks', label: 'Max pending tasks', type: 'number' },
    { name: 'minNodes', label: 'Min nodes', type: 'number' },
    { name: 'minDataNodes', label: 'Min data nodes', type: 'number' },
    { name: 'maxHeapPercent', label: 'Max JVM heap used (%)', type: 'number', hint: 'On any node (_nodes/stats/jvm).' },
    { name: 'maxDiskPercent', label: 'Max disk used (%)', type: 'number', hint: 'On any node, its fullest data path (_nodes/stats/fs).' },
    { name: 'watchDiskWatermark', label: "Alert past the cluster's high disk watermark", type: 'checkbox', hint: 'On any data node, as the cluster itself judges it (cluster.routing.allocation.disk.watermark.high, with its max headroom).' },
    ...tls,
    timeout(10_000),
  ],
  remind: [{ name: 'message', label: 'Message', type: 'textarea', hint: 'Sent to Slack every time the schedule fires.' }],
  http: [
    { name: 'url', label: 'URL', type: 'text', placeholder: 'https://app.example.com/health' },
    { name: 'method', label: 'Method', type: 'select', options: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((m) => ({ value: m, label: m })), defaultValue: 'GET' },
    { name: 'headers', label: 'Headers', type: 'textarea', placeholder: 'Accept: application/json', hint: 'One a line, Name: value. Shown on the monitor\'s page: put credentials in the secret headers.' },
    { name: 'secretHeaders', label: 'Secret headers', type: 'secret-lines', hint: 'Like headers, for credentials (Authorization: Bearer …); never sent to another site a redirect leads to.' },
    { name: 'body', label: 'Body', type: 'textarea', hint: 'Sent with POST, PUT, PATCH, DELETE or OPTIONS; set its Content-Type in the headers.' },
    { name: 'acceptedStatus', label: 'Accepted status codes', type: 'text', defaultValue: '200-299', hint: 'Codes and ranges, like 200-299,301.' },
    { name: 'expectedText', label: 'Expected response text', type: 'text', hint: 'The body must contain this text (empty: any body).' },
    { name: 'expectedPattern', label: 'Regular expression', type: 'text', placeholder: 'version: 4\\.\\d+', hint: 'The body must match it. RE2 syntax (no lookaround or backreferences), so matching a large body stays fast.' },
    { name: 'jsonPath', label: 'JSON path', type: 'text', placeholder: '$.status', hint: 'Into a JSON body (RFC 9535), like $.status or $.checks[?@.name==\'db\'].state.' },
    { name: 'jsonExpected', label: 'Expected value at the JSON path', type: 'text', placeholder: 'ok', hint: 'JSON (3, true, "ok") or plain text; every value the path selects must equal it. Empty: the path must select something.' },
    { name: 'maxResponseMs', label: 'Max response time (ms)', type: 'number', hint: 'Empty: no limit beyond the timeout.' },
    { name: 'redirects', label: 'Redirects', type: 'select', options: [{ value: 'follow', label: 'Follow (up to 5)' }, { value: 'none', label: 'Do not follow: judge the redirect itself' }], defaultValue: 'follow' },
    { name: 'watchCertExpiry', label: 'Alert before the certificate expires', type: 'checkbox' },
    { name: 'certExpiryDays', label: 'Days before expiry', type: 'number', defaultValue: '14' },
    ...tls,
    timeout(10_000),
  ],
  tcp: [host, port(), timeout(5000)],
  latency: [host, port(), { name: 'maxLatencyMs', label: 'Max latency (ms)', type: 'number' }, timeout(10_000)],
};

/** Alert settings every monitor has, after the kind's own fields. */
export const ALERT_FIELDS: FieldSpec[] = [
  { name: 'failureThreshold', label: 'Failures before down', type: 'number', defaultValue: '1' },
  { name: 'successThreshold', label: 'Successes before up', type: 'number', defaultValue: '1' },
  { name: 'renotifyMinutes', label: 'Re-notify every (minutes, 0 = never)', type: 'number', defaultValue: '60' },
];
