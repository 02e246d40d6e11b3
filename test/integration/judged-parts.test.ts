// A read in parts, judged on worker threads (app/judged-parts.ts), gives what the read of one stream on
// this thread gives: the same runs in the same order, the same copies, counts, reasons, feedback runs and
// rejected documents in the window, on files of documents of every kind cut into parts anywhere.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQuery, readRuns, type RunsRead } from '../../src/app/read-runs.js';
import {
  DEFAULT_CONFIG,
  loadCriteria,
  loadFeedbackReports,
  type ReportingConfig,
} from '../../src/config/index.js';
import type { CriteriaSet, FeedbackReport } from '../../src/core/index.js';
import { createFileSource, type FileSourceOptions } from '../../src/sources/index.js';

const root = resolve(import.meta.dirname, '../..');
const config: ReportingConfig = { ...DEFAULT_CONFIG, excludeVirtual: true };
const AS_OF = Date.parse('2016-07-14T23:59:59Z');
const window = { from: AS_OF - 10 * 86_400_000, to: AS_OF };

/** The sample's lines (scored runs, Tempest and vIMS runs the feedback pages read), and lines no source should trust. */
const sampleLines = readFileSync(join(root, 'examples/results.sample.ndjson'), 'utf8').trim().split('\n');
const sample = (index: number) => JSON.parse(sampleLines[index] as string) as Record<string, unknown>;
/** A Tempest run in the window, whose failed items the feedback page reads. */
const tempest = JSON.parse(
  sampleLines.find((line) =>
    /"case_name":"tempest_smoke_serial".*"start_date":"2016-07-14/.test(line),
  ) as string,
) as Record<string, unknown>;
const hostile = [
  'not json',
  '[1, 2]',
  'null',
  '"a string"',
  JSON.stringify({ ...sample(0), installer: 7 }),
  JSON.stringify({ ...sample(1), start_date: 'yesterday' }),
  JSON.stringify({ ...sample(2), scenario: 'x'.repeat(300) }),
  JSON.stringify({ ...sample(3), version: 'bad\u0007name' }),
  JSON.stringify({ ...sample(4), start_date: undefined }),
  JSON.stringify({ ...sample(5), case_name: 'not_a_test_case' }),
  JSON.stringify({ ...sample(6), pod_name: 'virtual-pod1' }),
  // A number no double holds: Infinity once parsed.
  JSON.stringify({ ...sample(7), details: { success_rate: 'huge' } }).replace('"huge"', '1e400'),
  '{"__proto__":{"installer":"apex"},"case_name":"healthcheck"}',
  // A failed item nested deeper than any thread's stack could write out.
  JSON.stringify({ ...tempest, details: { ...(tempest.details as object), errors: ['deep'] } }).replace(
    '"deep"',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  ),
];

let work: string;
let criteria: CriteriaSet;
let feedback: FeedbackReport[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-judged-parts-'));
  criteria = await loadCriteria(join(root, 'criteria'));
  feedback = await loadFeedbackReports(join(root, 'criteria'), criteria);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Everything a read gives, the copies by the index of their run. */
function shown(read: RunsRead) {
  return {
    runs: read.runs,
    copies: read.runs.map((run) => read.copies.get(run) ?? 0),
    documents: read.documents,
    dropped: read.dropped,
    rejectedInWindow: read.rejectedInWindow,
    feedback: [...read.feedback],
  };
}

async function readWith(path: string, options: FileSourceOptions) {
  const source = createFileSource(path, options);
  const read = await readRuns(
    source,
    buildQuery(config, criteria, window, feedback),
    criteria,
    config,
    undefined,
    feedback,
  );
  return { read: shown(read), stats: source.stats() };
}

let files = 0;

describe('a read in parts on worker threads', () => {
  it('gives the runs, copies, counts and feedback runs of the read as one stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            {
              weight: 4,
              arbitrary: fc
                .integer({ min: 0, max: sampleLines.length - 1 })
                .map((index) => sampleLines[index] as string),
            },
            { weight: 1, arbitrary: fc.constantFrom(...hostile) },
          ),
          { minLength: 1, maxLength: 120 },
        ),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 4 }),
        async (lines, chunkBytes, chunksPerRange) => {
          // A document first, so the file is one document a line; lines read twice are copies of one
          // run, which the collector tells apart across parts too.
          const path = join(work, `parts-${files++}.ndjson`);
          await writeFile(path, `${[sampleLines[0], ...lines, ...lines.slice(0, 5)].join('\n')}\n`);
          const inParts = await readWith(path, {
            parallel: {
              rangeBytes: chunkBytes * chunksPerRange * 16,
              chunkBytes: chunkBytes * 16,
              minFileBytes: 0,
            },
          });
          expect(inParts).toEqual(await readWith(path, { parallel: null }));
        },
      ),
      { numRuns: 12 },
    );
  });

  it('reads the sample in parts to runs, feedback runs, copies and rejections (the comparison above is not vacuous)', async () => {
    const path = join(work, 'sample-twice.ndjson');
    await writeFile(path, `${[...sampleLines, ...hostile, ...sampleLines].join('\n')}\n`);
    const { read } = await readWith(path, {
      parallel: { rangeBytes: 4096, chunkBytes: 1024, minFileBytes: 0 },
    });
    expect(read.runs.length).toBeGreaterThan(100);
    expect(read.copies.some((copies) => copies > 0)).toBe(true);
    expect(read.feedback.some(([, runs]) => runs.length > 0)).toBe(true);
    expect(read.documents.rejected).toBeGreaterThanOrEqual(hostile.length - 3);
    expect(Object.keys(read.documents.rejectedReasons).length).toBeGreaterThan(3);
  });
});
