interface HeaderSource {
  get(name: string): string | null;
}

/** The UI's address as a job should call it: IMALERT_PUBLIC_URL, else the address the request was made to. */
export function publicBaseUrl(headers: HeaderSource, configured: string | undefined): string {
  if (configured) return configured;
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? 'localhost:3000';
  const proto = headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}
