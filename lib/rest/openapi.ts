import { z } from 'zod';
import { OPERATIONS, PATH_PARAMETERS, type Operation } from './operations';
import { errorSchema } from './schemas';

type JsonSchema = Record<string, unknown>;

/** Names the schemas of the document: responses as the server writes them, bodies as a client sends them. */
function components(): { schemas: Record<string, JsonSchema>; refOf: (schema: z.ZodType, io: 'input' | 'output') => JsonSchema } {
  const registries = { input: z.registry<{ id: string }>(), output: z.registry<{ id: string }>() };
  const names = { input: new Map<z.ZodType, string>(), output: new Map<z.ZodType, string>() };
  const name = (operation: Operation, io: 'input' | 'output', status?: number) => {
    const words = `${operation.method} ${operation.path.replace(/[{}]/g, '')}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
    return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('') + (io === 'input' ? 'Body' : `Response${status}`);
  };
  const add = (schema: z.ZodType, io: 'input' | 'output', fallback: string) => {
    if (names[io].has(schema)) return;
    const id = (schema.meta() as { id?: string } | undefined)?.id ?? fallback;
    names[io].set(schema, id);
    registries[io].add(schema, { id });
  };
  add(errorSchema, 'output', 'Error');
  for (const operation of OPERATIONS) {
    if (operation.body) add(operation.body, 'input', name(operation, 'input'));
    for (const [status, schema] of Object.entries(operation.responses)) if (schema) add(schema, 'output', name(operation, 'output', Number(status)));
  }
  const convert = (io: 'input' | 'output') => z.toJSONSchema(registries[io], { io, unrepresentable: 'any', target: 'draft-2020-12', uri: (id) => `#/components/schemas/${id}` }).schemas;
  const schemas: Record<string, JsonSchema> = {};
  for (const io of ['output', 'input'] as const) {
    // Named schemas used only inside others land in "__shared": lift them beside the rest.
    const { __shared: shared, ...named } = convert(io) as Record<string, JsonSchema>;
    const all = { ...((shared?.$defs as Record<string, JsonSchema> | undefined) ?? {}), ...named };
    for (const [id, schema] of Object.entries(all)) {
      const { $schema: _s, $id: _i, ...rest } = schema;
      schemas[id] = JSON.parse(JSON.stringify(rest).replaceAll('#/components/schemas/__shared#/$defs/', '#/components/schemas/')) as JsonSchema;
    }
  }
  return { schemas, refOf: (schema, io) => ({ $ref: `#/components/schemas/${names[io].get(schema)}` }) };
}

const DESCRIPTIONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content', 400: 'Bad input: `error` says what, `fieldErrors` names the fields',
  401: 'No or bad credentials', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict (a name taken, changed meanwhile)', 413: 'Body too large', 429: 'Too many requests: wait the seconds of `Retry-After`', 503: 'Redis is unavailable',
};

/** The OpenAPI 3.1 document of the REST API, built from the same zod schemas the routes use. */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  const { schemas, refOf } = components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const pathParameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, description: PATH_PARAMETERS[name] ?? `the ${name}`, schema: { type: 'string' } }));
    const queryParameters = Object.entries(operation.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } }));
    const responses: Record<string, unknown> = {};
    const statuses = { ...operation.responses, ...(operation.auth === false ? {} : { 401: errorSchema, 403: errorSchema, 503: operation.responses[503] ?? errorSchema }) };
    for (const [status, schema] of Object.entries(statuses)) {
      responses[status] = { description: DESCRIPTIONS[Number(status)] ?? 'Response', ...(schema ? { content: { 'application/json': { schema: refOf(schema, 'output') } } } : {}) };
    }
    (paths[operation.path] ??= {})[operation.method] = {
      summary: operation.summary,
      tags: [operation.tag],
      ...(pathParameters.length || queryParameters.length ? { parameters: [...pathParameters, ...queryParameters] } : {}),
      ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: refOf(operation.body, 'input') } } } } : {}),
      ...(operation.auth === false ? { security: [] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'imalert REST API', version: '1', description: 'Monitors, channels, alerts and the system of one imalert. Errors are `{error, fieldErrors?}`. Authenticate with `Authorization: Bearer <token>`, or with the session cookie from the same site.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (imalert_…) made in Settings' },
        session: { type: 'apiKey', in: 'cookie', name: 'imalert_session' },
      },
    },
  };
}
