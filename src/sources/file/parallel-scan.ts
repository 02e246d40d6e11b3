// The parallel read of a large NDJSON file: worker threads scan its byte ranges (range-scan.ts) on the
// other cores while this thread parses what they find, and the ranges are handed on in file order, so
// the documents come in the order a read from the first byte gives. Only a few ranges are scanned ahead
// of the one being parsed: memory stays bounded when parsing is the slower side.
import { Worker } from 'node:worker_threads';
import { SourceError } from '../../core/errors.js';
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

export interface RangeRequest {
  index: number;
  range: ByteRange;
}

export type RangeReply =
  { index: number; scanned: ScannedRange } | { index: number; error: string; sourceError: boolean };

/** Ranges scanned ahead of the one being parsed, per worker. */
const AHEAD_PER_WORKER = 2;

/** The file's ranges [0, file.bytes) in order, each as a worker scanned it, with its length. */
export async function* scannedRanges(
  file: { path: string; fd: number; bytes: number },
  query: ResultsQuery,
  scan: ParallelScan,
): AsyncGenerator<ScannedRange & { bytes: number }> {
  if (scan.rangeBytes % scan.chunkBytes !== 0) throw new Error('rangeBytes must be a multiple of chunkBytes');
  const ranges = Array.from({ length: Math.ceil(file.bytes / scan.rangeBytes) }, (_, index) => ({
    start: index * scan.rangeBytes,
    end: Math.min(file.bytes, (index + 1) * scan.rangeBytes),
  }));
  const pool = new ScanPool({ file: { ...file, chunkBytes: scan.chunkBytes }, query }, ranges, scan.workers);
  try {
    for (const [index, { start, end }] of ranges.entries()) {
      yield { ...(await pool.scanned(index)), bytes: end - start };
    }
  } finally {
    await pool.close();
  }
}

/**
 * Workers and the ranges sent to them: a free worker gets the next range while fewer than
 * AHEAD_PER_WORKER a worker wait, scanned or being scanned, ahead of the one being parsed.
 */
class ScanPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[] = [];
  private readonly replies = new Map<number, Deferred<ScannedRange>>();
  private sent = 0;
  private taken = 0;
  private failure: Error | null = null;

  constructor(
    data: ScanWorkerData,
    private readonly ranges: readonly ByteRange[],
    workers: number,
  ) {
    this.workers = Array.from({ length: Math.min(workers, ranges.length) }, () => this.start(data));
    this.sendWhileRoom();
  }

  /** The range's scan; the next call must be for the next range. */
  async scanned(index: number): Promise<ScannedRange> {
    const reply = this.replies.get(index);
    if (reply === undefined) throw this.failure ?? new Error(`range ${index} was never sent to a worker`);
    const scanned = await reply.promise;
    this.replies.delete(index);
    this.taken++;
    this.sendWhileRoom();
    return scanned;
  }

  async close(): Promise<void> {
    for (const worker of this.workers) worker.removeAllListeners('exit');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private start(data: ScanWorkerData): Worker {
    const worker = startScanWorker(data);
    worker.on('message', (reply: RangeReply) => {
      const pending = this.replies.get(reply.index);
      if ('scanned' in reply) pending?.resolve(reply.scanned);
      else pending?.reject(reply.sourceError ? new SourceError(reply.error) : new Error(reply.error));
      this.idle.push(worker);
      this.sendWhileRoom();
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`a scan worker stopped (exit code ${code})`)));
    this.idle.push(worker);
    return worker;
  }

  private sendWhileRoom(): void {
    const ahead = AHEAD_PER_WORKER * this.workers.length;
    while (this.idle.length > 0 && this.sent < this.ranges.length && this.sent - this.taken < ahead) {
      const index = this.sent++;
      this.replies.set(index, deferred());
      const request: RangeRequest = { index, range: this.ranges[index] as ByteRange };
      this.idle.pop()?.postMessage(request);
    }
  }

  /** Every range waited for fails with the first error; none is sent any more. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const reply of this.replies.values()) reply.reject(error);
    this.sent = this.ranges.length;
  }
}

/**
 * Starts scan-worker: the compiled JavaScript next to this module, or, when this module runs from its
 * TypeScript source (the tests, the bench), the source through tsx, the way the process loads it.
 */
function startScanWorker(data: ScanWorkerData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './scan-worker.ts' : './scan-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: data });
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  // tsx's cache would be one more folder in the temporary folder, which the tests require to stay empty.
  return new Worker(load, { eval: true, workerData: data, env: { ...process.env, TSX_DISABLE_CACHE: '1' } });
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Awaited in file order: a range that fails before its turn must not count as an unhandled rejection.
  promise.catch(() => {});
  return { promise, resolve, reject };
}
