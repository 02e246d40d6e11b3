// The parallel read of a large NDJSON file: worker threads scan its byte ranges (range-scan.ts) on the
// other cores while this thread parses what they find, and the ranges are handed on in file order, so
// the documents come in the order a read from the first byte gives. Only a few ranges are scanned ahead
// of the one being parsed, so memory stays bounded. It pays when most lines are left out unparsed (a
// daily window over a long export), and is not used when the first chunk shows that most are kept.
import { SourceError } from '../../core/index.js';
import { WorkerError, WorkerPool } from '../../threads/index.js';
import { LEFT_OUT_BUCKETS, type ResultsQuery } from '../types.js';
import {
  rangePrefilter,
  scanRange,
  type ByteRange,
  type RangeFile,
  type ScannedRange,
} from './range-scan.js';

export interface ParallelScan {
  /** Worker threads scanning ranges at once. */
  workers: number;
  /**
   * Workers are used when at most this share of the first chunk's documents is kept for parsing
   * (DEFAULT_MAX_KEPT_SHARE); tests set 1 to scan every file on them.
   */
  maxKeptShare: number;
  /** A multiple of chunkBytes. */
  rangeBytes: number;
  /** The grid chunks are read on (range-scan.ts RangeFile): the sequential read's chunk size. */
  chunkBytes: number;
}

export interface ScanWorkerData {
  file: RangeFile;
  query: ResultsQuery;
}

/** Ranges scanned, or being scanned, ahead of the one being parsed, per worker. */
const AHEAD_PER_WORKER = 2;
/**
 * Above this share of its documents kept for parsing, parsing them is the slower side: the workers
 * would only take the cores in turn with it and hold their texts twice (measured on the bench's export:
 * a 10-day window keeps 5 %, and gains; a 250-day window keeps all, and loses).
 */
export const DEFAULT_MAX_KEPT_SHARE = 1 / 8;

/**
 * The file's ranges [0, file.bytes) in order, each with its length, as workers scanned them. Null when
 * the file's first chunk shows that most documents are kept (every one in a long window): then parsing
 * is the work, and the read on one thread does it best.
 */
export function rangesOnWorkers(
  file: { path: string; fd: number; bytes: number },
  query: ResultsQuery,
  scan: ParallelScan,
): AsyncGenerator<ScannedRange & { bytes: number }> | null {
  if (scan.rangeBytes % scan.chunkBytes !== 0) throw new Error('rangeBytes must be a multiple of chunkBytes');
  const data: ScanWorkerData = { file: { ...file, chunkBytes: scan.chunkBytes }, query };
  // The first chunk is a range too (any cut on the chunk grid is): judged here, a few ms.
  const sample = scanRange(
    data.file,
    { start: 0, end: Math.min(file.bytes, scan.chunkBytes) },
    rangePrefilter(query),
  );
  const leftOut = LEFT_OUT_BUCKETS.reduce((sum, bucket) => sum + sample.leftOut[bucket], 0);
  const documents = sample.texts.length + leftOut;
  if (sample.texts.length > documents * scan.maxKeptShare) return null;
  const ranges: ByteRange[] = Array.from({ length: Math.ceil(file.bytes / scan.rangeBytes) }, (_, index) => ({
    start: index * scan.rangeBytes,
    end: Math.min(file.bytes, (index + 1) * scan.rangeBytes),
  }));
  return scannedRanges(data, ranges, Math.min(scan.workers, ranges.length));
}

async function* scannedRanges(
  data: ScanWorkerData,
  ranges: readonly ByteRange[],
  workers: number,
): AsyncGenerator<ScannedRange & { bytes: number }> {
  const pool = new WorkerPool<ByteRange, ScannedRange>(
    { from: import.meta.url, name: 'scan-worker' },
    data,
    workers,
  );
  const scans: Array<Promise<ScannedRange>> = [];
  try {
    for (const [index, range] of ranges.entries()) {
      while (scans.length < Math.min(ranges.length, index + AHEAD_PER_WORKER * workers)) {
        scans.push(pool.run(ranges[scans.length] as ByteRange));
      }
      const scanned = await (scans[index] as Promise<ScannedRange>).catch(sourceErrorOf);
      delete scans[index];
      yield { ...scanned, bytes: range.end - range.start };
    }
  } finally {
    await pool.close();
  }
}

/** A SourceError the worker threw (a file cut inside its last line) is one here too. */
function sourceErrorOf(error: Error): never {
  throw error instanceof WorkerError && error.errorName === 'SourceError'
    ? new SourceError(error.message)
    : error;
}
