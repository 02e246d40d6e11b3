// A worker thread of the parallel read (parallel-scan.ts): scans the ranges it is sent, one at a time,
// and posts what each holds. It reads through the descriptor the main thread opened and closes.
import { parentPort, workerData } from 'node:worker_threads';
import { SourceError } from '../../core/errors.js';
import { bytePrefilter } from './byte-prefilter.js';
import { textPrefilter } from './prefilter.js';
import { scanRange } from './range-scan.js';
import type { RangeRequest, RangeReply, ScanWorkerData } from './parallel-scan.js';

const { file, query } = workerData as ScanWorkerData;
const prefilter = { text: textPrefilter(query), bytes: bytePrefilter(query) };
const port = parentPort;
if (port === null) throw new Error('scan-worker.ts runs as a worker thread');

port.on('message', ({ index, range }: RangeRequest) => {
  let reply: RangeReply;
  try {
    reply = { index, scanned: scanRange(file, range, prefilter) };
  } catch (error) {
    reply = { index, error: (error as Error).message, sourceError: error instanceof SourceError };
  }
  port.postMessage(reply);
});
