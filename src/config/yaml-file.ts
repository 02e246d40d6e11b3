// YAML files read with positions kept, so every refusal can say file:line:column and the path inside
// the file, and zod issues become ConfigErrors a person can act on.
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/index.js';

export interface YamlFile {
  path: string;
  value: unknown;
  /** 1-based line and column of the node at a path (or of its nearest parent that exists). */
  locate(path: readonly PropertyKey[], { key }?: { key?: boolean }): { line: number; column: number };
}

export async function readYamlFile(path: string, what: string): Promise<YamlFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the ${what}: ${(error as Error).message}`, path);
  }
  return parseYaml(text, path);
}

function parseYaml(text: string, path: string): YamlFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [syntax] = document.errors;
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new ConfigError(`YAML syntax: ${syntax.message.split('\n')[0]}`, path, line, col);
  }
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    path,
    value: document.toJS() as unknown,
    locate: (keys, { key = false } = {}) => locateNode(document, keys, key, at),
  };
}

function locateNode(
  document: Document,
  keys: readonly PropertyKey[],
  wantKey: boolean,
  at: (offset: number) => { line: number; column: number },
): { line: number; column: number } {
  for (let depth = keys.length; depth > 0; depth--) {
    const parent = document.getIn(keys.slice(0, depth - 1) as unknown[], true);
    const last = keys[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === last);
      const node = (wantKey && depth === keys.length ? pair?.key : pair?.value) as {
        range?: number[];
      } | null;
      if (node?.range?.[0] !== undefined) return at(node.range[0]);
    }
    const node = document.getIn(keys.slice(0, depth) as unknown[], true) as { range?: number[] } | undefined;
    if (node?.range?.[0] !== undefined) return at(node.range[0]);
  }
  return { line: 1, column: 1 };
}

/** `tiers[2].testcases[0].criteria` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Parses with a strict zod schema; the first issue becomes a ConfigError at its place in the file. */
export function validateYaml<T>(
  file: YamlFile,
  schema: z.ZodType<T>,
  knownKeys: (path: PropertyKey[]) => string[],
): T {
  const result = schema.safeParse(file.value);
  if (result.success) return result.data;
  // A misspelt key also makes the key it was meant to be "missing": report the misspelling.
  const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0];
  if (!issue) throw new ConfigError('invalid file', file.path);
  const path = issue.path as PropertyKey[];
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys[0] ?? '';
    const place = file.locate([...path, unknown], { key: true });
    const hint = closest(unknown, knownKeys(path));
    throw new ConfigError(
      `unknown key "${formatPath([...path, unknown])}"${hint ? ` — did you mean "${hint}"?` : ''}`,
      file.path,
      place.line,
      place.column,
    );
  }
  const place = file.locate(path);
  const where = path.length > 0 ? `${formatPath(path)}: ` : '';
  throw new ConfigError(`${where}${plainMessage(issue)}`, file.path, place.line, place.column);
}

function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type')
    return `expected ${issue.expected}${issue.input === undefined ? ', but it is missing' : ''}`;
  return issue.message;
}

/** The known name nearest to a typo (edit distance ≤ 3), for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
