// One byte range of an NDJSON file, read on its own (by a worker thread, app/judge-worker.ts): the
// lines that start in the range, split and judged exactly as a read from the first byte would. A line
// belongs to the range its first byte is in, so the ranges of a file share out its lines, each once;
// the line that crosses a range's end is read to its newline by that range.
import { readSync } from 'node:fs';
import { SourceError, type SourceItem } from '../../core/index.js';
import {
  noneLeftOut,
  type ByteRange,
  type PartReceived,
  type RangeFile,
  type ResultsQuery,
} from '../types.js';
import { bytePrefilter } from './byte-prefilter.js';
import { LINE_FEED } from './bytes.js';
import { itemOf, type QueryFilter } from './items.js';
import { LineSplitter } from './line-splitter.js';
import { queryFilter, textPrefilter } from './prefilter.js';
import { cannotRead, type DocumentText, type SplitterPrefilter } from './splitter.js';

/** The fast read's pre-filters (on a line's bytes, then on its text), as every thread builds them from the query. */
export function rangePrefilter(query: ResultsQuery): SplitterPrefilter {
  return { text: textPrefilter(query), bytes: bytePrefilter(query) };
}

/** What a read of ranges for one query filters with: built once, for every range a thread reads. */
export interface RangeFilters {
  prefilter: SplitterPrefilter;
  unwanted: QueryFilter;
}

export function rangeFilters(query: ResultsQuery): RangeFilters {
  return { prefilter: rangePrefilter(query), unwanted: queryFilter(query) };
}

/** A range's items, in file order, as the read from the first byte hands them over; what the source counts of them. */
export interface RangeRead {
  /** Read and parsed as they are taken: a document is garbage before the next chunk is read. */
  items: Iterable<SourceItem>;
  /** Complete once the items have all been taken. */
  received: PartReceived;
}

/** Reads one range of the file (a part of SourceParts), on the thread that judges its items. */
export function readRange(file: RangeFile, range: ByteRange, filters: RangeFilters): RangeRead {
  const received = { bytes: range.end - range.start, documentsReceived: 0, leftOut: noneLeftOut() };
  function* items(): Generator<SourceItem> {
    try {
      for (const texts of rangeTexts(file, range, filters.prefilter)) {
        for (const text of texts) {
          received.documentsReceived++;
          const item = itemOf(text, filters.unwanted, received.leftOut);
          if (item !== null) yield item;
        }
      }
    } catch (error) {
      throw error instanceof SourceError ? error : cannotRead(file.path, error);
    }
  }
  return { items: items(), received };
}

/** The texts of the lines that start in the range, a chunk at a time, as the read from the first byte gives them. */
export function* rangeTexts(
  file: RangeFile,
  range: ByteRange,
  prefilter: SplitterPrefilter,
): Generator<DocumentText[]> {
  const splitter = new LineSplitter(prefilter);
  // Before its first line starts, the range is only searched for a newline: the bytes up to it end a
  // line of the range before. A range without a line start ends there.
  let seeking = range.start > 0;
  let at = seeking ? range.start - 1 : 0;
  for (;;) {
    const chunk = readChunk(file, at);
    if (chunk.length === 0) break;
    let bytes = chunk;
    if (seeking) {
      const newline = chunk.indexOf(LINE_FEED);
      // A newline at end - 1 starts a line at `end`: the next range's.
      if (newline === -1 ? at + chunk.length >= range.end : at + newline >= range.end - 1) return;
      if (newline === -1) {
        at += chunk.length;
        continue;
      }
      seeking = false;
      bytes = chunk.subarray(newline + 1);
      at += newline + 1;
    }
    // The range is done with the first newline at or after end - 1: it ends the last line starting before `end`.
    const lastLineEnd = bytes.indexOf(LINE_FEED, Math.max(0, range.end - 1 - at));
    if (lastLineEnd !== -1) {
      yield splitter.push(bytes.subarray(0, lastLineEnd + 1));
      return;
    }
    yield splitter.push(bytes);
    at += bytes.length;
  }
  // The file ended inside the range's last line: its end is the file's end.
  yield splitter.end(file.path, at);
}

/**
 * One buffer per thread that every chunk is read into (a splitter copies what it keeps): a new megabyte
 * for each chunk costs its memory's first touch, ten times the read itself (measured: 0.5 s against
 * 0.05 s for the bench's 794 MiB).
 */
let chunkBuffer = Buffer.alloc(0);

/** The bytes from `at` to the next multiple of chunkBytes, or fewer at the end of the file. */
function readChunk(file: RangeFile, at: number): Buffer {
  const length = file.chunkBytes - (at % file.chunkBytes);
  if (chunkBuffer.length < length) chunkBuffer = Buffer.allocUnsafe(file.chunkBytes);
  const read = readSync(file.fd, chunkBuffer, 0, length, at);
  return chunkBuffer.subarray(0, read);
}
