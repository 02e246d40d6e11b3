// file:PATH — result documents from a JSON array or NDJSON file, as mongoexport writes them (with or
// without --jsonArray). Streamed in chunks from the disk: a 700 MB export never becomes one string. The
// splitters cut the bytes into documents (line-splitter.ts, nesting-splitter.ts), the pre-filter drops
// what is clearly outside the query (prefilter.ts); text that is not JSON, or a document too large to
// hold, is handed on as an unreadable item, which the normaliser counts and rejects (items.ts). A long
// NDJSON export is also offered in parts, its byte ranges, for worker threads to read and judge (`parts`,
// range-scan.ts readRange).
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { SourceError, type SourceItem } from '../../core/index.js';
import {
  LEFT_OUT_BUCKETS,
  noneLeftOut,
  type ByteRange,
  type LeftOut,
  type PresenceFilter,
  type ResultsQuery,
  type ResultsSource,
  type SourceParts,
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
import { itemOf, parsed } from './items.js';
import { LineSplitter } from './line-splitter.js';
import { NestingSplitter } from './nesting-splitter.js';
import { queryFilter, textPrefilter } from './prefilter.js';
import { rangePrefilter } from './range-scan.js';
import {
  NO_PREFILTER,
  cannotRead,
  type DocumentText,
  type Splitter,
  type SplitterPrefilter,
} from './splitter.js';

const CHUNK_BYTES = 1 << 20;

/** When an NDJSON file is offered in parts (`parts`), and how it is cut. */
export interface ParallelRead {
  /** Files of fewer bytes are read as one stream. */
  minFileBytes: number;
  /** The parts' length: a multiple of chunkBytes. */
  rangeBytes: number;
  /** The grid chunks are read on (range-scan.ts RangeFile): the sequential read's chunk size. */
  chunkBytes: number;
}

/**
 * Parts pay from a few tens of MB (a worker thread starts in ~0.1–0.2 s, and a MiB takes ~3 ms to scan);
 * on one core, worker threads would only take turns with this one.
 */
function defaultParallelRead(): ParallelRead | null {
  if (availableParallelism() < 2) return null;
  return { rangeBytes: 8 * CHUNK_BYTES, chunkBytes: CHUNK_BYTES, minFileBytes: 64 * CHUNK_BYTES };
}

export interface FileSourceOptions {
  /**
   * The plain read: on this thread, every line decoded to a string and judged on its text, as the fast
   * read's result must be (the equivalence test compares both). SCENARIO_REPORT_PLAIN_READ=1 selects it.
   */
  plain?: boolean;
  /** When and how the fast read is offered in parts for worker threads; null: never. Tests force small ranges. */
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
  });
  return {
    description: `file:${path}`,
    documents: (query) => readDocuments(read(query), query, { stats, leftOut }),
    parts: async () => (parallel === null ? null : fileParts(path, parallel, { stats, leftOut })),
    holds: (filter) => holdsAny(path, filter),
    stats: () => ({ ...stats, leftOut: { ...leftOut } }),
    close: async () => {},
  };
}

/** What one read of the file needs: its pre-filters. */
interface FileRead {
  path: string;
  prefilter: SplitterPrefilter;
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
      const item = itemOf(text, unwanted, leftOut);
      if (item !== null) yield item;
    }
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
  for await (const texts of documentTexts({ path, prefilter: NO_PREFILTER }, scan)) {
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
    let splitter: Splitter | null = null;
    for await (const chunk of chunksOf(path)) {
      stats.bytesReceived += chunk.length;
      splitter ??= splitterFor(path, chunk, prefilter);
      yield [...splitter.push(chunk)];
    }
    if (splitter) yield [...splitter.end(path, stats.bytesReceived)];
  } catch (error) {
    throw error instanceof SourceError ? error : cannotRead(path, error);
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
 * A large NDJSON file's byte ranges, each a part (SourceParts); null when the file is empty, small or
 * not NDJSON, and read as one stream. The parts are one read: one command, and the bytes and documents
 * counted as each part is read.
 */
async function fileParts(
  path: string,
  parallel: ParallelRead,
  { stats, leftOut }: ReadCounts,
): Promise<SourceParts | null> {
  if (parallel.rangeBytes % parallel.chunkBytes !== 0)
    throw new Error('rangeBytes must be a multiple of chunkBytes');
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw cannotRead(path, error);
  });
  let size: number;
  let inParts: boolean;
  try {
    size = (await handle.stat()).size;
    const first = Buffer.alloc(Math.min(size, CHUNK_BYTES));
    await handle.read(first, 0, first.length, 0);
    inParts = size > 0 && size >= parallel.minFileBytes && layoutOf(first) === 'lines';
  } catch (error) {
    await handle.close();
    throw cannotRead(path, error);
  }
  if (!inParts) {
    await handle.close();
    return null;
  }
  stats.commands++;
  const ranges: ByteRange[] = Array.from({ length: Math.ceil(size / parallel.rangeBytes) }, (_, index) => ({
    start: index * parallel.rangeBytes,
    end: Math.min(size, (index + 1) * parallel.rangeBytes),
  }));
  return {
    file: { path, fd: handle.fd, chunkBytes: parallel.chunkBytes },
    ranges,
    received: (part) => {
      stats.bytesReceived += part.bytes;
      stats.documentsReceived += part.documentsReceived;
      for (const bucket of LEFT_OUT_BUCKETS) leftOut[bucket] += part.leftOut[bucket];
    },
    close: () => handle.close(),
  };
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
