import type { ServerChannel, ServerMonitor } from '../lib/config-files';

/** A refusal of the server, in its own words (`{error, fieldErrors}`), with the HTTP status. */
export class ApiError extends Error {
  readonly code = 'IMALERT_API_ERROR';
  constructor(readonly status: number, message: string, readonly fieldErrors?: Record<string, string[]>) {
    super(message);
  }
}

export const isApiError = (error: unknown): error is ApiError => (error as { code?: unknown } | null)?.code === 'IMALERT_API_ERROR';

export function describeApiError(error: ApiError): string {
  const fields = Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => `${field}: ${messages.join('; ')}`);
  return [`${error.message} (HTTP ${error.status})`, ...fields].join('\n    ');
}

/** The REST API of a running imalert, as a token holder sees it. */
export function createApiClient(baseUrl: string, token: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error',
      });
    } catch (error) {
      throw new ApiError(0, `Cannot reach imalert at ${baseUrl}: ${(error as Error).cause ? String((error as { cause: Error }).cause.message) : (error as Error).message}`);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(response.status, `${baseUrl} did not answer with JSON — is IMALERT_URL the address of imalert?`);
    }
    if (!response.ok) {
      const { error, fieldErrors } = (json ?? {}) as { error?: string; fieldErrors?: Record<string, string[]> };
      throw new ApiError(response.status, error ?? `HTTP ${response.status}`, fieldErrors);
    }
    return json as T;
  }

  return {
    /** Every monitor, page by page (filters as the dashboard's: kind, tag, status, search). */
    async listMonitors(filters: Record<string, string> = {}): Promise<ServerMonitor[]> {
      const all: ServerMonitor[] = [];
      let after: string | null = null;
      do {
        const query = new URLSearchParams({ ...filters, limit: '200', ...(after ? { after } : {}) });
        const page: { monitors: ServerMonitor[]; nextAfter: string | null } = await call('GET', `/api/monitors?${query}`);
        all.push(...page.monitors);
        after = page.nextAfter;
      } while (after);
      return all;
    },
    async listChannels(): Promise<ServerChannel[]> {
      return (await call<{ channels: ServerChannel[] }>('GET', '/api/channels')).channels;
    },
    createMonitor: (body: unknown) => call<ServerMonitor>('POST', '/api/monitors', body),
    replaceMonitor: (id: string, body: unknown) => call<ServerMonitor>('PUT', `/api/monitors/${encodeURIComponent(id)}`, body),
    deleteMonitor: (id: string) => call<void>('DELETE', `/api/monitors/${encodeURIComponent(id)}`),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
