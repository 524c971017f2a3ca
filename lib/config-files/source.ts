import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** One parsed config file, with what it takes to name the line of a field. */
export interface ConfigSource {
  file: string;
  doc: Document;
  lines: LineCounter;
}

/** A problem in a config file, named the way an editor jumps to it: file, line, field. */
export interface ConfigProblem {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export const describeProblem = (p: ConfigProblem) =>
  `${p.file}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`;

const YAML_FILE = /\.ya?ml$/i;

/** The files a path names: itself, or the *.yaml / *.yml files of a folder (and its sub-folders), in name order. */
export function configFilesAt(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new Error(`${path}: no such file or folder`);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return configFilesAt(full);
      return YAML_FILE.test(entry.name) ? [full] : [];
    });
}

/** Parses each file; YAML syntax errors come back as problems with their line. */
export function readConfigSources(paths: string[]): { sources: ConfigSource[]; problems: ConfigProblem[] } {
  const sources: ConfigSource[] = [];
  const problems: ConfigProblem[] = [];
  for (const file of paths.flatMap(configFilesAt)) {
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length) {
      for (const error of doc.errors) problems.push({ file, line: lines.linePos(error.pos[0]).line, message: error.message.split('\n')[0] });
      continue;
    }
    sources.push({ file, doc, lines });
  }
  return { sources, problems };
}

/** The line a path inside the document starts on (the nearest existing parent when the field is missing). */
export function lineOf(source: ConfigSource, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = source.doc.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node && (isMap(node) || isSeq(node) || 'range' in node) && node.range) return source.lines.linePos(node.range[0]).line;
  }
  return undefined;
}
