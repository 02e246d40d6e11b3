// file:PATH — result documents from a JSON array or NDJSON file, as mongoexport writes them (with or
// without --jsonArray). Streamed in chunks: a 700 MB export never becomes one string. Documents that
// are clearly outside the query are dropped here; everything doubtful, malformed ones included, goes on
// to the normaliser, which counts and rejects it.
import { createReadStream } from 'node:fs';
import { SourceError, parseResultDate, type ResultDocument } from '../core/index.js';
import type { ResultsQuery, ResultsSource, SourceStats } from './types.js';

const CHUNK_BYTES = 1 << 20;
/** Dates written without a zone are read in the configured zone later; never drop one that zone could bring in. */
const ZONE_SLACK_MS = 26 * 3_600_000;
const NEWLINE = 0x0a;
const PREVIEW_CHARS = 120;

export function createFileSource(path: string): ResultsSource {
  const stats: SourceStats = { commands: 0, documentsReceived: 0, bytesReceived: 0 };
  return {
    description: `file:${path}`,
    documents: (query) => readDocuments(path, query, stats),
    stats: () => ({ ...stats }),
    close: async () => {},
  };
}

async function* readDocuments(
  path: string,
  query: ResultsQuery,
  stats: SourceStats,
): AsyncGenerator<ResultDocument> {
  stats.commands++;
  const keep = queryFilter(query);
  const texts = documentTexts(path, stats);
  for await (const text of texts) {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      // The normaliser rejects it as 'invalid JSON': counted and reported, not a failed run.
      document = { $unparseable: text.slice(0, PREVIEW_CHARS) };
    }
    stats.documentsReceived++;
    if (keep(document)) yield document as ResultDocument;
  }
}

/** The text of each document: one per NDJSON line, or one per element of a top-level JSON array. */
async function* documentTexts(path: string, stats: SourceStats): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let splitter: Splitter | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      stats.bytesReceived += chunk.length;
      splitter ??= startsWithArray(chunk) ? new ArraySplitter() : new LineSplitter();
      yield* splitter.push(chunk);
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`cannot read file:${path}: ${(error as Error).message}`, { cause: error });
  }
  if (splitter) yield* splitter.end(path, stats.bytesReceived);
}

function startsWithArray(chunk: Buffer): boolean {
  for (const byte of chunk) {
    if (
      byte === 0x20 ||
      byte === 0x09 ||
      byte === 0x0a ||
      byte === 0x0d ||
      byte === 0xef ||
      byte === 0xbb ||
      byte === 0xbf
    )
      continue;
    return byte === 0x5b;
  }
  return false;
}

interface Splitter {
  push(chunk: Buffer): Iterable<string>;
  end(path: string, bytes: number): Iterable<string>;
}

/** NDJSON: one document per line; blank lines are allowed. */
class LineSplitter implements Splitter {
  private rest: Buffer | null = null;

  *push(chunk: Buffer): Generator<string> {
    const buffer = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    let newline = buffer.indexOf(NEWLINE, start);
    while (newline !== -1) {
      const text = buffer.toString('utf8', start, newline).trim();
      if (text !== '') yield text;
      start = newline + 1;
      newline = buffer.indexOf(NEWLINE, start);
    }
    this.rest = start < buffer.length ? buffer.subarray(start) : null;
  }

  *end(path: string, bytes: number): Generator<string> {
    if (!this.rest) return;
    const text = this.rest.toString('utf8').trim();
    if (text === '') return;
    // A last line without its newline that does not parse is a cut file, not a bad document.
    try {
      JSON.parse(text);
    } catch {
      throw truncated(path, bytes);
    }
    yield text;
  }
}

/** A top-level JSON array, split into its elements by tracking strings, escapes and nesting depth. */
class ArraySplitter implements Splitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private closed = false;
  private inElement = false;
  /** Bytes of the current element that came in earlier chunks. */
  private pending: Buffer[] = [];

  *push(chunk: Buffer): Generator<string> {
    let start = this.inElement ? 0 : -1;
    for (let i = 0; i < chunk.length && !this.closed; i++) {
      const byte = chunk[i] as number;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === 0x5c) this.escaped = true;
        else if (byte === 0x22) this.inString = false;
        continue;
      }
      if (this.depth === 1 && !this.inElement && byte > 0x20 && byte !== 0x2c && byte !== 0x5d) {
        this.inElement = true;
        start = i;
      }
      if (byte === 0x22) this.inString = true;
      else if (byte === 0x5b || byte === 0x7b) this.depth++;
      else if (byte === 0x5d || byte === 0x7d) {
        this.depth--;
        if (this.depth === 0) {
          if (this.inElement) yield this.take(chunk, start, i);
          this.closed = true;
        }
      } else if (byte === 0x2c && this.depth === 1 && this.inElement) {
        yield this.take(chunk, start, i);
      }
    }
    if (this.inElement) this.pending.push(chunk.subarray(start));
  }

  end(path: string, bytes: number): Iterable<string> {
    if (!this.closed) throw truncated(path, bytes);
    return [];
  }

  private take(chunk: Buffer, start: number, end: number): string {
    const text = Buffer.concat([...this.pending, chunk.subarray(start, end)])
      .toString('utf8')
      .trim();
    this.pending = [];
    this.inElement = false;
    return text;
  }
}

function truncated(path: string, bytes: number): SourceError {
  return new SourceError(
    `file:${path} ends in the middle of a document (after byte ${bytes}): the file is truncated. ` +
      'Export it again; nothing was written.',
  );
}

/** A cheap superset of the query: only drops what is certainly not wanted; keeps anything malformed. */
function queryFilter(query: ResultsQuery): (document: unknown) => boolean {
  const versions = query.versions.length > 0 ? new Set(query.versions) : null;
  const installers = query.installers.length > 0 ? new Set(query.installers) : null;
  const projects = query.projects.length > 0 ? new Set(query.projects) : null;
  const from = query.from - ZONE_SLACK_MS;
  const to = query.to + ZONE_SLACK_MS;
  return (document) => {
    if (document === null || typeof document !== 'object') return true;
    const fields = document as Record<string, unknown>;
    if (versions && typeof fields.version === 'string' && !versions.has(fields.version)) return false;
    if (installers && typeof fields.installer === 'string' && !installers.has(fields.installer)) return false;
    if (projects && typeof fields.project_name === 'string' && !projects.has(fields.project_name))
      return false;
    const startedAt = parseResultDate(fields.start_date, 'UTC');
    return startedAt === null || (startedAt > from && startedAt <= to);
  };
}
