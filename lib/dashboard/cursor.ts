/** Page cursors travel as base64url, since the name index member holds a NUL between name and id. */
export function encodeCursor(member: string): string {
  return Buffer.from(member, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const member = Buffer.from(cursor, 'base64url').toString('utf8');
  return member.includes('\0') ? member : undefined;
}

export function idOfMember(member: string): string {
  return member.slice(member.lastIndexOf('\0') + 1);
}
