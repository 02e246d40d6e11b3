// The parallel read of a large NDJSON file: worker threads scan its byte ranges (range-scan.ts) on the
// other cores while this thread parses what they find, and the ranges are handed on in file order, so
// the documents come in the order a read from the first byte gives. Only a few ranges are scanned ahead
// of the one being parsed: memory stays bounded when parsing is the slower side.
import { SourceError } from '../../core/index.js';
import { WorkerError, WorkerPool } from '../../threads/index.js';
import type { ResultsQuery } from '../types.js';
import type { ByteRange, RangeFile, ScannedRange } from './range-scan.js';

export interface ParallelScan {
  workers: number;
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

/** The file's ranges [0, file.bytes) in order, each as a worker scanned it, with its length. */
export async function* scannedRanges(
  file: { path: string; fd: number; bytes: number },
  query: ResultsQuery,
  scan: ParallelScan,
): AsyncGenerator<ScannedRange & { bytes: number }> {
  if (scan.rangeBytes % scan.chunkBytes !== 0) throw new Error('rangeBytes must be a multiple of chunkBytes');
  const ranges: ByteRange[] = Array.from({ length: Math.ceil(file.bytes / scan.rangeBytes) }, (_, index) => ({
    start: index * scan.rangeBytes,
    end: Math.min(file.bytes, (index + 1) * scan.rangeBytes),
  }));
  const data: ScanWorkerData = { file: { ...file, chunkBytes: scan.chunkBytes }, query };
  const workers = Math.min(scan.workers, ranges.length);
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
