// A worker thread of a read in parts (judged-parts.ts): reads each byte range it is sent and judges its
// documents. It reads through the descriptor the main thread opened and closes.
import { workerData } from 'node:worker_threads';
import { rangeFilters, readRange, type ByteRange } from '../sources/index.js';
import { serveRequests } from '../threads/index.js';
import { judgePart, type JudgeWorkerData } from './judged-parts.js';

const { file, settings } = workerData as JudgeWorkerData;
const filters = rangeFilters(settings.query);
serveRequests((range: ByteRange) => judgePart(readRange(file, range, filters), settings));
