import { query } from 'jsonpath-rfc9535';
import { RE2JS } from 're2js';

/** The parts of an HTTP check that are typed as text: header lines, status codes, a pattern, a JSON path. */

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by imalert itself from the body and the connection; a user's value would contradict it. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect']);
export const MAX_HEADERS = 50;

export type HeaderLine = [name: string, value: string];

/** "Name: value" a line; blank lines are skipped. Returns the headers or what is wrong, naming the line. */
export function parseHeaderLines(text: string, label = 'Headers'): { headers: HeaderLine[]; problem?: string } {
  const headers: HeaderLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i].trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) return { headers, problem: `${label}, line ${i + 1}: write each header as Name: value` };
    if (RESERVED_HEADERS.has(name.toLowerCase())) return { headers, problem: `${label}, line ${i + 1}: ${name} is set by imalert itself` };
    if (/\t/.test(line)) return { headers, problem: `${label}, line ${i + 1}: no tabs in a header` };
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  if (headers.length > MAX_HEADERS) return { headers, problem: `${label}: at most ${MAX_HEADERS} headers` };
  return { headers };
}

export type StatusRange = [low: number, high: number];

/** "200-299,301": codes and ranges, comma or space separated. */
export function parseStatusRanges(text: string): { ranges: StatusRange[]; problem?: string } {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  const ranges: StatusRange[] = [];
  for (const part of parts) {
    const match = /^(\d{3})(?:\s*[-–]\s*(\d{3}))?$/.exec(part);
    const low = Number(match?.[1]);
    const high = Number(match?.[2] ?? match?.[1]);
    if (!match || low < 100 || high > 599 || low > high) {
      return { ranges, problem: `Accepted status codes: "${part.slice(0, 20)}" is not a code (100–599) or a range like 200-299` };
    }
    ranges.push([low, high]);
  }
  if (ranges.length === 0) return { ranges, problem: 'Accepted status codes: give codes or ranges, like 200-299,301' };
  return { ranges };
}

export const acceptsStatus = (ranges: readonly StatusRange[], status: number) => ranges.some(([low, high]) => status >= low && status <= high);

/** "200–299 or 301", as a message shows the accepted codes. */
export const describeStatusRanges = (ranges: readonly StatusRange[]) =>
  ranges.map(([low, high]) => (low === high ? String(low) : `${low}–${high}`)).join(' or ');

/**
 * A pattern compiled by RE2JS, RE2's engine in JavaScript: it matches in time linear in the body, so no
 * pattern (such as `(a+)+$`) can hang a check thread, and no timeout is needed. RE2 syntax: no
 * backreferences or lookaround.
 */
export function compilePattern(pattern: string): { regex?: RE2JS; problem?: string } {
  try {
    return { regex: RE2JS.compile(pattern) };
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    return { problem: `Regular expression: ${reason.slice(0, 200)}` };
  }
}

/** match() and search() in a JSON path filter run a backtracking regular expression: refused, the pattern field is for that. */
const REGEX_FUNCTIONS = /\b(?:match|search)\s*\(/;

/** An RFC 9535 JSON path, checked by running it on an empty document. */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.startsWith('$')) return 'JSON path starts with $, like $.status or $.checks[0].state';
  if (REGEX_FUNCTIONS.test(path)) return 'JSON path: match() and search() are not supported; use the regular expression field';
  try {
    query(null, path);
    return undefined;
  } catch (error) {
    const offset = (error as { location?: { start?: { offset?: unknown } } }).location?.start?.offset;
    return typeof offset === 'number' ? `JSON path is not valid at character ${offset + 1}` : 'JSON path is not valid';
  }
}

export { query as queryJsonPath };
