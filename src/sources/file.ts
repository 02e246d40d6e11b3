// file:PATH — result documents from a JSON array or NDJSON file, as mongoexport writes them (with or
// without --jsonArray). Streamed in chunks: a 700 MB export never becomes one string. Documents that
// are clearly outside the query are dropped here; everything doubtful, malformed ones included, goes on
// to the normaliser, which counts and rejects it.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { SourceError, parseResultDate, type ResultDocument } from '../core/index.js';
import type { PresenceFilter, ResultsQuery, ResultsSource, SourceStats } from './types.js';

const CHUNK_BYTES = 1 << 20;
/** A document longer than this (64 Mi characters, four times MongoDB's 16 MiB limit) is rejected, not read. */
const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;
/** Stands in for a line that was too long to keep; not valid JSON, so it cannot clash with a document. */
const TOO_LARGE = '\u0000too large';
/** Dates written without a zone are read in the configured zone later; never drop one that zone could bring in. */
const ZONE_SLACK_MS = 26 * 3_600_000;
const PREVIEW_CHARS = 120;

export function createFileSource(path: string): ResultsSource {
  const stats: SourceStats = { commands: 0, documentsReceived: 0, bytesReceived: 0 };
  return {
    description: `file:${path}`,
    documents: (query) => readDocuments(path, query, stats),
    holds: (filter) => holdsAny(path, filter),
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
  const skip = textPrefilter(query);
  // Texts come a chunk at a time: one await per megabyte, not one per document.
  for await (const texts of documentTexts(path, stats)) {
    for (const text of texts) {
      stats.documentsReceived++;
      // Most lines of a long export are outside the window: decided on the text, without JSON.parse.
      if (skip(text)) continue;
      let document: unknown;
      if (text === TOO_LARGE) {
        yield { $tooLarge: MAX_DOCUMENT_CHARS };
        continue;
      }
      try {
        document = JSON.parse(text);
      } catch {
        // The normaliser rejects it as 'invalid JSON': counted and reported, not a failed run.
        document = { $unparseable: text.slice(0, PREVIEW_CHARS) };
      }
      if (keep(document)) yield document as ResultDocument;
    }
  }
}

/** Reads until the first document of the filter's names: a whole scan only when there is none. */
async function holdsAny(path: string, filter: PresenceFilter): Promise<boolean> {
  const versions = filter.versions.length > 0 ? new Set(filter.versions) : null;
  const installers = filter.installers.length > 0 ? new Set(filter.installers) : null;
  // Its own counters: the presence check is not part of the read status.json reports.
  const scan: SourceStats = { commands: 0, documentsReceived: 0, bytesReceived: 0 };
  for await (const texts of documentTexts(path, scan)) {
    for (const text of texts) {
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        continue;
      }
      if (document === null || typeof document !== 'object') continue;
      const { version, installer } = document as Record<string, unknown>;
      if (versions && !(typeof version === 'string' && versions.has(version))) continue;
      if (installers && !(typeof installer === 'string' && installers.has(installer))) continue;
      return true;
    }
  }
  return false;
}

/** The texts of the documents, a chunk at a time: NDJSON lines, or the elements of a top-level JSON array. */
async function* documentTexts(path: string, stats: SourceStats): AsyncGenerator<string[]> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let splitter: Splitter | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      stats.bytesReceived += chunk.length;
      splitter ??= splitterFor(path, chunk);
      yield [...splitter.push(chunk)];
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(
      `cannot read file:${path}: ${(error as Error).message}. Check the path given to --source ` +
        '(or RESULTS_SOURCE) and that this user may read it.',
      { cause: error },
    );
  }
  if (splitter) yield [...splitter.end(path, stats.bytesReceived)];
}

/**
 * The layout, from the first bytes: `[` opens an array; `{` alone on its line starts pretty-printed
 * objects (mongoexport --pretty), which only nesting can split; anything else is one document a line.
 */
function splitterFor(path: string, chunk: Buffer): Splitter {
  const first = chunk.findIndex((byte) => !isBlank(byte) && byte !== 0xef && byte !== 0xbb && byte !== 0xbf);
  if (chunk[first] === 0x5b) return new NestingSplitter(path, false);
  if (chunk[first] === 0x7b) {
    let next = first + 1;
    while (chunk[next] === 0x20 || chunk[next] === 0x09) next++;
    if (chunk[next] === 0x0a || chunk[next] === 0x0d) return new NestingSplitter(path, true);
  }
  return new LineSplitter();
}

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

interface Splitter {
  push(chunk: Buffer): Iterable<string>;
  end(path: string, bytes: number): Iterable<string>;
}

/**
 * NDJSON: one document per line; blank lines are allowed. Each chunk is decoded once (the decoder keeps
 * a character cut between chunks) and lines are slices of it, which V8 makes without copying. A line
 * that spans chunks is kept as its pieces and joined once at its newline: joining at every chunk would
 * copy a long line again and again.
 */
class LineSplitter implements Splitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The current line's text from earlier chunks, not yet ended by a newline. */
  private pieces: string[] = [];
  private piecesLength = 0;

  /** Inside a line longer than MAX_DOCUMENT_CHARS: dropped up to its newline. */
  private skipping = false;

  push(chunk: Buffer): string[] {
    const text = this.decoder.write(chunk);
    const lines: string[] = [];
    let newline = text.indexOf('\n');
    if (newline === -1) {
      this.hold(text, lines);
      return lines;
    }
    if (!this.skipping) this.emit(this.joined(text.slice(0, newline)), lines);
    this.skipping = false;
    let start = newline + 1;
    newline = text.indexOf('\n', start);
    while (newline !== -1) {
      this.emit(text.slice(start, newline), lines);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.hold(text.slice(start), lines);
    return lines;
  }

  private emit(line: string, lines: string[]): void {
    const trimmed = line.trim();
    if (trimmed !== '') lines.push(trimmed);
  }

  /** Keeps the start of an unfinished line, unless it has outgrown MAX_DOCUMENT_CHARS. */
  private hold(piece: string, lines: string[]): void {
    if (this.skipping || piece === '') return;
    this.pieces.push(piece);
    this.piecesLength += piece.length;
    if (this.piecesLength > MAX_DOCUMENT_CHARS) {
      // Counted as a rejected document, never held: one runaway line must not exhaust the memory.
      lines.push(TOO_LARGE);
      this.pieces = [];
      this.piecesLength = 0;
      this.skipping = true;
    }
  }

  /** The held pieces and `last`, as one string; the pieces are let go. */
  private joined(last: string): string {
    if (this.pieces.length === 0) return last;
    this.pieces.push(last);
    const line = this.pieces.join('');
    this.pieces = [];
    this.piecesLength = 0;
    return line;
  }

  end(path: string, bytes: number): string[] {
    if (this.skipping) return [];
    const last = this.joined(this.decoder.end());
    const text = last.trim();
    if (text === '') return [];
    // A last line without its newline that does not parse is a cut file, not a bad document.
    try {
      JSON.parse(text);
    } catch {
      const leading = last.length - last.trimStart().length;
      throw truncated(path, bytes - Buffer.byteLength(last) + Buffer.byteLength(last.slice(0, leading)));
    }
    return [text];
  }
}

/**
 * A top-level JSON array, or JSON objects one after another, split into documents by tracking strings,
 * escapes and nesting depth.
 */
class NestingSplitter implements Splitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private closed = false;
  private inElement = false;
  /** Bytes of the current element that came in earlier chunks. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current element outgrew MAX_DOCUMENT_CHARS: scanned to its end, never held. */
  private oversized = false;
  /** File offsets of the current chunk and of the current element, for the truncation message. */
  private chunkOffset = 0;
  private elementOffset = 0;

  /** Depth at which documents sit: 0 for objects one after another, 1 inside an array. */
  private readonly documentDepth: number;

  /** `objects`: documents follow each other at the top level instead of inside one array. */
  constructor(
    private readonly path: string,
    private readonly objects: boolean,
  ) {
    this.documentDepth = objects ? 0 : 1;
  }

  *push(chunk: Buffer): Generator<string> {
    let start = this.inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (this.closed) {
        // Two exports joined with `cat` would otherwise lose the second one without a word.
        if (isBlank(byte)) continue;
        throw new SourceError(
          `file:${this.path} goes on after its JSON array closes (byte ${this.chunkOffset + i}): ` +
            'give one array, or one document a line; nothing was written.',
        );
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === 0x5c) this.escaped = true;
        else if (byte === 0x22) this.inString = false;
        continue;
      }
      if (this.depth === this.documentDepth && !this.inElement && this.startsElement(byte)) {
        this.inElement = true;
        start = i;
        this.elementOffset = this.chunkOffset + i;
      }
      if (byte === 0x22) this.inString = true;
      else if (byte === 0x5b || byte === 0x7b) this.depth++;
      else if (byte === 0x5d || byte === 0x7d) {
        // A stray closer among objects stays at depth 0, so the documents after it are still found.
        if (this.depth > 0) this.depth--;
        if (this.depth > 0) continue;
        // An object ends with its own brace; an array's `]` ends its last element and the array.
        if (this.inElement) yield this.take(chunk, start, this.objects ? i + 1 : i);
        this.closed = !this.objects;
      } else if (byte === 0x2c && this.depth === 1 && this.inElement && !this.objects) {
        yield this.take(chunk, start, i);
      }
    }
    if (this.inElement && !this.oversized) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > MAX_DOCUMENT_CHARS) {
        this.oversized = true;
        this.pending = [];
      }
    }
    this.chunkOffset += chunk.length;
  }

  end(path: string, bytes: number): Iterable<string> {
    if (this.objects ? this.inElement : !this.closed) {
      throw truncated(path, this.inElement ? this.elementOffset : bytes);
    }
    return [];
  }

  private startsElement(byte: number): boolean {
    if (byte <= 0x20 || byte === 0x2c) return false;
    // Objects may follow a byte-order mark; in an array, `]` ends it instead.
    return this.objects ? byte !== 0xef && byte !== 0xbb && byte !== 0xbf : byte !== 0x5d;
  }

  private take(chunk: Buffer, start: number, end: number): string {
    const text = this.oversized
      ? TOO_LARGE
      : Buffer.concat([...this.pending, chunk.subarray(start, end)])
          .toString('utf8')
          .trim();
    this.pending = [];
    this.pendingBytes = 0;
    this.oversized = false;
    this.inElement = false;
    return text;
  }
}

/** `offset`: where the unfinished document starts (0-based, as `dd bs=1 skip=N` counts). */
function truncated(path: string, offset: number): SourceError {
  return new SourceError(
    `file:${path} ends in the middle of a document (byte ${offset}) — the file is truncated. ` +
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
    // A blank project_name is no project: the core matches such a document by its case name.
    const project = fields.project_name;
    if (projects && typeof project === 'string' && project.trim() !== '' && !projects.has(project))
      return false;
    const startedAt = parseResultDate(fields.start_date, 'UTC');
    return startedAt === null || (startedAt > from && startedAt <= to);
  };
}

const START_DATE_KEY = '"start_date":';
const VERSION_KEY = '"version":';

/**
 * Decides on the raw text whether a document is certainly unwanted: its `"start_date":` is a plain date
 * clearly outside the window, or its `"version":` is another version. Only a key that is at the top
 * level and appears once counts (inside a string its quotes would be escaped; JSON.parse keeps the last
 * of repeated keys); anything unusual (escapes, other types, a nested key) is left to JSON.parse and
 * the normaliser.
 */
function textPrefilter(query: ResultsQuery): (text: string) => boolean {
  const versions = query.versions.length > 0 ? new Set(query.versions) : null;
  const from = query.from - ZONE_SLACK_MS;
  const to = query.to + ZONE_SLACK_MS;
  return (text) => {
    // The repeat check scans the rest of the line, so it is made only for a line about to be skipped.
    if (versions) {
      const at = topLevelKey(text, VERSION_KEY);
      const version = at < 0 ? null : stringAt(text, at);
      if (version !== null && !versions.has(version) && !repeated(text, VERSION_KEY, at)) return true;
    }
    const at = topLevelKey(text, START_DATE_KEY);
    if (at < 0) return false;
    let value: unknown = stringAt(text, at);
    if (value === null && text.startsWith('{"$date":', at)) {
      const inner = at + 9;
      value = { $date: text.charCodeAt(inner) === 34 ? stringAt(text, inner) : numberAt(text, inner) };
    }
    if (value === null) return false;
    const startedAt = parseResultDate(value, 'UTC');
    return startedAt !== null && (startedAt <= from || startedAt > to) && !repeated(text, START_DATE_KEY, at);
  };
}

/** Index just after the key's first occurrence (skipping spaces) when it is a top-level key, or -1. */
function topLevelKey(text: string, key: string): number {
  const first = text.indexOf(key);
  if (first < 0 || !topLevel(text, first)) return -1;
  let at = first + key.length;
  while (text.charCodeAt(at) === 32) at++;
  return at;
}

/**
 * JSON.parse keeps the last of repeated keys, and reads `"start\u005fdate"` as `"start_date"`: a key
 * that comes again later, or a line with any `\u` escape (which may spell the key anywhere), is not
 * judged on the value found.
 */
function repeated(text: string, key: string, after: number): boolean {
  return text.indexOf(key, after) >= 0 || text.includes('\\u');
}

const OID_PREFIX = '{"_id":{"$oid":"';

/**
 * Whether position `at` is a key of the outermost object: nothing nested opens before it, apart from
 * mongoexport's leading `"_id":{"$oid":"…"}`. A brace inside a string before it only makes the answer
 * "no", which leaves the document to JSON.parse: never a wrong skip.
 */
function topLevel(text: string, at: number): boolean {
  if (text.charCodeAt(0) !== 123) return false;
  let from = 1;
  if (text.startsWith(OID_PREFIX)) {
    const end = text.indexOf('"}', OID_PREFIX.length);
    if (end < 0 || end > at) return false;
    from = end + 2;
  }
  const brace = text.indexOf('{', from);
  const bracket = text.indexOf('[', from);
  return (brace < 0 || brace > at) && (bracket < 0 || bracket > at);
}

/** A JSON string without escapes starting at `at`, or null. */
function stringAt(text: string, at: number): string | null {
  if (text.charCodeAt(at) !== 34) return null;
  const end = text.indexOf('"', at + 1);
  if (end < 0) return null;
  const value = text.slice(at + 1, end);
  return value.includes('\\') ? null : value;
}

/** An integer (optionally negative) that closes its `{"$date":…}` at `at`, or null (fractions, exponents). */
function numberAt(text: string, at: number): number | null {
  let end = text.charCodeAt(at) === 45 ? at + 1 : at;
  const digits = end;
  while (text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  return end > digits && text.charCodeAt(end) === 125 ? Number(text.slice(at, end)) : null;
}
