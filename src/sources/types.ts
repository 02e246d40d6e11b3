import type { SourceItem } from '../core/index.js';

/** What the job asks a source for: a superset the normaliser then filters exactly. */
export interface ResultsQuery {
  /** Versions to read; empty = every version that has runs in the window. */
  versions: string[];
  /** Installers to read; empty = all. */
  installers: string[];
  /** project_name values of the criteria's test cases. */
  projects: string[];
  /** case_name values of the criteria's test cases. */
  testCases: string[];
  /** The criteria's test cases as (project, name) pairs, for a source that resolves them itself. */
  testCaseKeys: { project: string; name: string }[];
  /** Window (from, to] in epoch ms. */
  from: number;
  to: number;
  /** Newest runs kept per (version, installer, scenario, test case[, pod]). */
  maxRuns: number;
  /** `details.*` paths the criteria expressions read; nothing else of `details` is needed. */
  detailsPaths: string[];
  /** The architecture split needs the pod of every run kept apart. */
  groupByPod: boolean;
}

/**
 * Where a source reports each page it receives (a MongoDB batch, a results-API page), for --verbose:
 * the CLI's logger at debug level. Sources that read a file have no pages.
 */
export type SourceTrace = (event: string, fields: Record<string, unknown>) => void;

/** Names a presence check asks about; an empty list means any. */
export interface PresenceFilter {
  versions: string[];
  installers: string[];
}

/**
 * Documents a source read and left out itself, by the bucket of DocumentStats they count in: a file
 * skips what is certainly outside the report before parsing it. A database leaves such documents out
 * on the server, so they are never read.
 */
export interface LeftOut {
  outsideWindow: number;
  notInCriteria: number;
  notAskedFor: number;
}

/** The buckets of LeftOut, in the order status.json lists them. */
export const LEFT_OUT_BUCKETS = [
  'outsideWindow',
  'notInCriteria',
  'notAskedFor',
] as const satisfies ReadonlyArray<keyof LeftOut>;

/** Nothing left out yet: where a read starts counting. */
export function noneLeftOut(): LeftOut {
  return { outsideWindow: 0, notInCriteria: 0, notAskedFor: 0 };
}

/** Counters a source keeps about its own traffic (status.json `source`). */
export interface SourceStats {
  /** Commands/requests sent (Mongo: every command; HTTP: every request). */
  commands: number;
  /** Mongo: aggregate commands only. */
  aggregates?: number;
  documentsReceived: number;
  bytesReceived: number;
  /** Of documentsReceived, those the source did not hand on (a file source only). */
  leftOut?: LeftOut;
}

/**
 * A place result documents come from (file, MongoDB, results API). Sources stream raw
 * documents; normalising, judging and scoring happen in the core, the same for all.
 */
export interface ResultsSource {
  /** Redacted description for logs and status.json (never credentials). */
  readonly description: string;
  /**
   * Streams the documents matching the query, and an UnreadableItem (core/source-item.ts) for each one
   * it could not read as a document, so the normaliser counts it. Throws SourceError when the source fails.
   */
  documents(query: ResultsQuery): AsyncIterable<SourceItem>;
  /**
   * Whether the source holds at least one result document of these versions and installers, at any
   * date. It tells a lab outage (results exist, none in the window) from a wrong source or a typo
   * (no result at all); asked only when the window is empty for a name, so it may cost a scan.
   */
  holds(filter: PresenceFilter): Promise<boolean>;
  /**
   * The documents for the query as parts that worker threads read on their own, or null when the source
   * is read as one stream (`documents`). Only a file source has parts: the byte ranges of a long NDJSON
   * export.
   */
  parts?(query: ResultsQuery): Promise<SourceParts | null>;
  stats(): SourceStats;
  close(): Promise<void>;
}

/**
 * A read of a source in parts (file/range-scan.ts readRange reads one on a worker thread): read one
 * after another, its parts give the documents `documents` gives, in the same order.
 */
export interface SourceParts {
  file: RangeFile;
  ranges: ByteRange[];
  /** Counts a part's traffic into the source's stats; called for each part read, in order. */
  received(part: PartReceived): void;
  /** Closes the file: no part is read after. */
  close(): Promise<void>;
}

/** Bytes [start, end) of the file. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The open file a range is read from, and the grid its chunks are cut on. */
export interface RangeFile {
  path: string;
  fd: number;
  /**
   * Chunks are cut where a read from the first byte cuts them (multiples of this), and range ends
   * fall on the same grid: a line then reaches its LineSplitter in the same pieces, which decide
   * when it has outgrown MAX_DOCUMENT_BYTES, so a long line is too large in both reads or in neither.
   */
  chunkBytes: number;
}

/** What a source counts of one part read: its bytes, its documents, and those the read left out. */
export interface PartReceived {
  bytes: number;
  documentsReceived: number;
  leftOut: LeftOut;
}
