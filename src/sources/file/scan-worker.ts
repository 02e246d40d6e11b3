// A worker thread of the parallel read (parallel-scan.ts): scans the ranges it is sent, one at a time.
// It reads through the descriptor the main thread opened and closes.
import { workerData } from 'node:worker_threads';
import { serveRequests } from '../../threads/index.js';
import type { ScanWorkerData } from './parallel-scan.js';
import { rangePrefilter, scanRange, type ByteRange } from './range-scan.js';

const { file, query } = workerData as ScanWorkerData;
const prefilter = rangePrefilter(query);
serveRequests((range: ByteRange) => scanRange(file, range, prefilter));
