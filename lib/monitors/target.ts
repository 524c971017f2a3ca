/** A URL for display: user and password removed, so a target never leaks credentials. */
export function stripCredentials(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return raw.replace(/\/\/[^@/]*@/, '//');
  }
}
