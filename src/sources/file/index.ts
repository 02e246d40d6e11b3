// file:PATH — result documents from a JSON array or NDJSON file, as mongoexport writes them (with or
// without --jsonArray). Streamed in chunks from the disk: a 700 MB export never becomes one string. The
// splitters cut the bytes into documents (line-splitter.ts, nesting-splitter.ts), the pre-filter drops
// what is clearly outside the query (prefilter.ts); text that is not JSON, or a document too large to
// hold, is handed on as an unreadable item, which the normaliser counts and rejects. A long NDJSON
// export whose lines are mostly left out is scanned on worker threads (parallel-scan.ts).
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { SourceError, unreadableItem, type SourceItem } from '../../core/index.js';
import {
  LEFT_OUT_BUCKETS,
  noneLeftOut,
  type LeftOut,
  type PresenceFilter,
  type ResultsQuery,
  type ResultsSource,
  type SourceStats,
} from '../types.js';
import {
  CARRIAGE_RETURN,
  LINE_FEED,
  OPEN_BRACE,
  OPEN_BRACKET,
  SPACE,
  TAB,
  isBlank,
  isByteOrderMark,
} from './bytes.js';
import { LineSplitter } from './line-splitter.js';
import { NestingSplitter } from './nesting-splitter.js';
import { DEFAULT_MAX_KEPT_SHARE, rangesOnWorkers, type ParallelScan } from './parallel-scan.js';
import { queryFilter, textPrefilter } from './prefilter.js';
import { rangePrefilter } from './range-scan.js';
import {
  NO_PREFILTER,
  TOO_LARGE,
  type DocumentText,
  type Splitter,
  type SplitterPrefilter,
} from './splitter.js';

const CHUNK_BYTES = 1 << 20;

/** How an NDJSON file of at least minFileBytes is scanned on worker threads (parallel-scan.ts). */
export interface ParallelRead extends ParallelScan {
  minFileBytes: number;
}

/**
 * Worker threads pay from a few tens of MB (each starts in ~0.1–0.2 s, and a MiB takes ~3 ms to scan);
 * on one core they would only take turns with the parser.
 */
function defaultParallelRead(): ParallelRead | null {
  const workers = Math.min(availableParallelism(), 4);
  if (workers < 2) return null;
  return {
    workers,
    rangeBytes: 8 * CHUNK_BYTES,
    chunkBytes: CHUNK_BYTES,
    minFileBytes: 64 * CHUNK_BYTES,
    maxKeptShare: DEFAULT_MAX_KEPT_SHARE,
  };
}

export interface FileSourceOptions {
  /**
   * The plain read: on this thread, every line decoded to a string and judged on its text, as the fast
   * read's result must be (the equivalence test compares both). SCENARIO_REPORT_PLAIN_READ=1 selects it.
   */
  plain?: boolean;
  /** When and how the fast read scans on worker threads; null: never. Tests force small ranges. */
  parallel?: ParallelRead | null;
}

export function createFileSource(path: string, options: FileSourceOptions = {}): ResultsSource {
  const stats: SourceStats = { commands: 0, documentsReceived: 0, bytesReceived: 0 };
  const leftOut = noneLeftOut();
  const parallel = options.plain
    ? null
    : options.parallel === undefined
      ? defaultParallelRead()
      : options.parallel;
  const read = (query: ResultsQuery): FileRead => ({
    path,
    prefilter: options.plain ? { text: textPrefilter(query), bytes: null } : rangePrefilter(query),
    parallel: parallel && { ...parallel, query },
  });
  return {
    description: `file:${path}`,
    documents: (query) => readDocuments(read(query), query, { stats, leftOut }),
    holds: (filter) => holdsAny(path, filter),
    stats: () => ({ ...stats, leftOut: { ...leftOut } }),
    close: async () => {},
  };
}

/** What one read of the file needs: its pre-filters, and the query again for the workers, which build their own. */
interface FileRead {
  path: string;
  prefilter: SplitterPrefilter;
  parallel: (ParallelRead & { query: ResultsQuery }) | null;
}

/** What a read counts: its traffic, and the documents it left out itself. */
interface ReadCounts {
  stats: SourceStats;
  leftOut: LeftOut;
}

async function* readDocuments(
  read: FileRead,
  query: ResultsQuery,
  counts: ReadCounts,
): AsyncGenerator<SourceItem> {
  const { stats, leftOut } = counts;
  stats.commands++;
  const unwanted = queryFilter(query);
  // Texts come a chunk at a time: one await per megabyte, not one per document. Most lines of a long
  // export are outside the window: the splitter drops them unparsed (prefilter.ts, byte-prefilter.ts).
  for await (const texts of documentTexts(read, counts)) {
    for (const text of texts) {
      stats.documentsReceived++;
      if (text === TOO_LARGE) {
        yield unreadableItem('document too large');
        continue;
      }
      if (typeof text !== 'string') {
        leftOut[text.leftOut]++;
        continue;
      }
      const document = parsed(text);
      if (document === null) {
        yield unreadableItem('invalid JSON');
        continue;
      }
      const left = unwanted(document.value);
      if (left === null) yield document.value as SourceItem;
      else leftOut[left]++;
    }
  }
}

/** The parsed value, or null when the text is not JSON (JSON's own null comes wrapped, so it stays apart). */
function parsed(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}

/** Reads until the first document of the filter's names: a whole scan only when there is none. */
async function holdsAny(path: string, filter: PresenceFilter): Promise<boolean> {
  const versions = filter.versions.length > 0 ? new Set(filter.versions) : null;
  const installers = filter.installers.length > 0 ? new Set(filter.installers) : null;
  // Its own counters: the presence check is not part of the read status.json reports.
  const scan = {
    stats: { commands: 0, documentsReceived: 0, bytesReceived: 0 },
    leftOut: noneLeftOut(),
  };
  for await (const texts of documentTexts({ path, prefilter: NO_PREFILTER, parallel: null }, scan)) {
    for (const text of texts) {
      if (typeof text !== 'string') continue;
      const document = parsed(text)?.value;
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
async function* documentTexts(read: FileRead, counts: ReadCounts): AsyncGenerator<DocumentText[]> {
  const { path, prefilter } = read;
  const { stats } = counts;
  try {
    if (read.parallel && (yield* parallelTexts(path, counts, read.parallel))) return;
    let splitter: Splitter | null = null;
    for await (const chunk of chunksOf(path)) {
      stats.bytesReceived += chunk.length;
      splitter ??= splitterFor(path, chunk, prefilter);
      yield [...splitter.push(chunk)];
    }
    if (splitter) yield [...splitter.end(path, stats.bytesReceived)];
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(
      `cannot read file:${path}: ${(error as Error).message}. Check the path given to --source ` +
        '(or RESULTS_SOURCE) and that this user may read it.',
      { cause: error },
    );
  }
}

/**
 * The file's bytes in chunks of CHUNK_BYTES, each read into the same buffer (a splitter copies what it
 * keeps): a new buffer for each chunk, as a read stream makes, costs its memory's first touch, ten times
 * the read itself (range-scan.ts readChunk).
 */
async function* chunksOf(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * The texts of a large NDJSON file, scanned by worker threads a range at a time (parallel-scan.ts), as
 * the read on this thread would give them; false, before any text, when the file is small, not NDJSON,
 * or holds mostly documents to parse.
 */
async function* parallelTexts(
  path: string,
  { stats, leftOut }: ReadCounts,
  parallel: ParallelRead & { query: ResultsQuery },
): AsyncGenerator<DocumentText[], boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size < parallel.minFileBytes) return false;
    const first = Buffer.alloc(Math.min(size, CHUNK_BYTES));
    await handle.read(first, 0, first.length, 0);
    if (layoutOf(first) !== 'lines') return false;
    const ranges = rangesOnWorkers({ path, fd: handle.fd, bytes: size }, parallel.query, parallel);
    if (ranges === null) return false;
    for await (const range of ranges) {
      stats.bytesReceived += range.bytes;
      // Lines the workers left out are only counted: received, and in their bucket.
      for (const bucket of LEFT_OUT_BUCKETS) {
        stats.documentsReceived += range.leftOut[bucket];
        leftOut[bucket] += range.leftOut[bucket];
      }
      yield range.texts.map((text) => text ?? TOO_LARGE);
    }
    return true;
  } finally {
    await handle.close();
  }
}

/**
 * The layout, from the first bytes: `[` opens an array; `{` alone on its line starts pretty-printed
 * objects (mongoexport --pretty), which only nesting can split; anything else is one document a line.
 */
export function splitterFor(path: string, chunk: Buffer, prefilter = NO_PREFILTER): Splitter {
  const layout = layoutOf(chunk);
  return layout === 'lines'
    ? new LineSplitter(prefilter)
    : new NestingSplitter(path, layout === 'pretty', prefilter);
}

function layoutOf(chunk: Buffer): 'array' | 'pretty' | 'lines' {
  const first = chunk.findIndex((byte) => !isBlank(byte) && !isByteOrderMark(byte));
  if (chunk[first] === OPEN_BRACKET) return 'array';
  if (chunk[first] === OPEN_BRACE) {
    let next = first + 1;
    while (chunk[next] === SPACE || chunk[next] === TAB) next++;
    if (chunk[next] === LINE_FEED || chunk[next] === CARRIAGE_RETURN) return 'pretty';
  }
  return 'lines';
}
