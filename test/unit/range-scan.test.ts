// A file scanned range by range (the parallel read's workers) gives, range after range, what one read
// from the first byte gives: every line once, in order, judged the same, and the same refusal of a file
// cut inside its last line — whatever the ranges and the chunk grid.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytePrefilter } from '../../src/sources/file/byte-prefilter.js';
import { LineSplitter } from '../../src/sources/file/line-splitter.js';
import { textPrefilter } from '../../src/sources/file/prefilter.js';
import { rangeTexts } from '../../src/sources/file/range-scan.js';
import { noneLeftOut, type LeftOut } from '../../src/sources/types.js';
import { TOO_LARGE, type DocumentText } from '../../src/sources/file/splitter.js';
import type { ResultsQuery } from '../../src/sources/index.js';

const DAY = 86_400_000;
const TO = Date.parse('2016-07-15T00:00:00Z');
const query: ResultsQuery = {
  versions: ['danube'],
  installers: [],
  projects: [],
  testCases: [],
  testCaseKeys: [],
  from: TO - 10 * DAY,
  to: TO,
  maxRuns: 10,
  detailsPaths: [],
  groupByPod: false,
};
const prefilter = { text: textPrefilter(query), bytes: bytePrefilter(query) };

/** Lines of every kind the pre-filter tells apart: kept, left out by date or version, not JSON, blank. */
const lines = [
  '{"version":"danube","start_date":"2016-07-13 06:00:00","details":{"a":[1]}}',
  '{"version":"danube","start_date":"2016-05-01 06:00:00","details":{"a":[1]}}',
  '{"version":"colorado","start_date":"2016-07-13 06:00:00"}',
  '{"version":"danube","start_date":"2016-07-13T06:00:00Z","note":"café 😀"}',
  '{"version":"danube","start_date":{"$date":1462082400000}}',
  'not json at all',
  '',
  '   ',
  '\r',
  '{"scenario":"os-é-ha","version":"danube","start_date":"2016-05-01 06:00:00"}\r',
];

let dir: string;
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scenario-report-range-scan-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What a range holds: the texts to parse, in file order (null: a document too large to hold), and the lines left out. */
interface ScannedRange {
  texts: (string | null)[];
  leftOut: LeftOut;
}

/** Texts and counts, from the marks a splitter gives. */
function collected(texts: Iterable<DocumentText>, into: ScannedRange): ScannedRange {
  for (const text of texts) {
    if (text === TOO_LARGE) into.texts.push(null);
    else if (typeof text === 'string') into.texts.push(text);
    else into.leftOut[text.leftOut]++;
  }
  return into;
}

const empty = (): ScannedRange => ({ texts: [], leftOut: noneLeftOut() });

/** The read from the first byte: one LineSplitter fed the file in chunks of the grid, then ended. */
function readWhole(path: string, bytes: Buffer, chunkBytes: number): ScannedRange | Error {
  const splitter = new LineSplitter(prefilter);
  const whole = empty();
  try {
    for (let at = 0; at < bytes.length; at += chunkBytes) {
      collected(splitter.push(bytes.subarray(at, at + chunkBytes)), whole);
    }
    return collected(splitter.end(path, bytes.length), whole);
  } catch (error) {
    return error as Error;
  }
}

/** Every range of the file scanned on its own, their results one after another. */
function readByRanges(
  path: string,
  size: number,
  chunkBytes: number,
  rangeBytes: number,
): ScannedRange | Error {
  const fd = openSync(path, 'r');
  const all = empty();
  try {
    for (let start = 0; start < size; start += rangeBytes) {
      const range = { start, end: Math.min(size, start + rangeBytes) };
      for (const texts of rangeTexts({ path, fd, chunkBytes }, range, prefilter)) collected(texts, all);
    }
    return all;
  } catch (error) {
    return error as Error;
  } finally {
    closeSync(fd);
  }
}

/** A refusal compared by its message. */
const outcome = (read: ScannedRange | Error) => (read instanceof Error ? { refused: read.message } : read);

function written(text: string): { path: string; bytes: Buffer } {
  const path = join(dir, `file-${files++}.ndjson`);
  const bytes = Buffer.from(text);
  writeFileSync(path, bytes);
  return { path, bytes };
}

describe('a file scanned by ranges', () => {
  it('gives every line once, in order, judged as one read from the start judges it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...lines), { maxLength: 30 }),
        fc.constantFrom('', '\n', '\r\n', '\n\n'),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (chosen, ending, chunkBytes, chunksPerRange) => {
          const { path, bytes } = written(chosen.join('\n') + ending);
          const whole = readWhole(path, bytes, chunkBytes);
          const ranges = readByRanges(path, bytes.length, chunkBytes, chunkBytes * chunksPerRange);
          expect(outcome(ranges)).toEqual(outcome(whole));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads kept lines whole across chunks, and counts the ones it leaves out', () => {
    const { path, bytes } = written(`${lines[0]}\n${lines[1]}\n${lines[2]}\n${lines[3]}\n`);
    const ranges = readByRanges(path, bytes.length, 7, 14);
    expect(ranges).toEqual({
      texts: [lines[0], lines[3]],
      leftOut: { outsideWindow: 1, notInCriteria: 0, notAskedFor: 1 },
    });
  });

  it('refuses a file cut inside its last line, naming the byte where that line starts', () => {
    const kept = lines[0] as string;
    const text = `${kept}\n  {"version":"danube","start_date":"2016-07-13`;
    const { path, bytes } = written(text);
    const ranges = readByRanges(path, bytes.length, 8, 16);
    expect(outcome(ranges)).toEqual({ refused: expect.stringContaining(`(byte ${kept.length + 3})`) });
    expect(outcome(ranges)).toEqual(outcome(readWhole(path, bytes, 8)));
  });
});
