// The file source's fast read (lines judged on their bytes; a large file read in parts judged on worker
// threads) and its plain read (on one thread, every line decoded and judged as text:
// SCENARIO_REPORT_PLAIN_READ) publish the same bytes: status.json, every file of the site, and the same
// accounting, on the bundled sample and on a synthetic export like the bench's. The fast read is run
// twice: as it reads these files (as one stream: they are small), and in parts of a few kB, so that
// parts end anywhere in the lines and several are judged ahead of the one being collected.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCriteria, writeSynthetic, AS_OF as BENCH_AS_OF } from '../../bench/synthetic.js';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG, type ReportingConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/core/index.js';
import { createFileSource, type FileSourceOptions } from '../../src/sources/index.js';
import { sitePath } from '../support/site.js';

const root = resolve(import.meta.dirname, '../..');
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const NOW = Date.parse('2026-01-01T00:00:00Z');

let work: string;
let synthetic: string;
let benchCriteriaDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-fast-read-'));
  synthetic = join(work, 'results-25k.ndjson');
  // 25,000 documents: two rounds of the 21,600 test cases, the older one 100 days back.
  await writeSynthetic(synthetic, 25_000);
  benchCriteriaDir = join(work, 'criteria');
  await mkdir(benchCriteriaDir);
  await writeFile(join(benchCriteriaDir, 'bench.yaml'), benchCriteria());
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every file of the published site: relative path → bytes. */
async function siteFiles(out: string): Promise<Map<string, Buffer>> {
  const site = sitePath(out);
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(site, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(site, path), await readFile(path));
  }
  return files;
}

interface Case {
  name: string;
  file: () => string;
  criteriaDir: () => string;
  asOf: string;
  settings: Partial<ReportingConfig>;
  /** Documents outside the window the reads leave out (the fast one on their bytes, unparsed). */
  outsideWindow: 'some' | 'none';
}

const cases: Case[] = [
  {
    name: 'the bundled sample',
    file: () => join(root, 'examples/results.sample.ndjson'),
    criteriaDir: () => join(root, 'criteria'),
    asOf: '2016-07-14T23:59:59Z',
    settings: {},
    outsideWindow: 'some',
  },
  {
    name: 'a synthetic export, 10-day window',
    file: () => synthetic,
    criteriaDir: () => benchCriteriaDir,
    asOf: BENCH_AS_OF,
    settings: {},
    outsideWindow: 'some',
  },
  {
    name: 'a synthetic export, every document in the window',
    file: () => synthetic,
    criteriaDir: () => benchCriteriaDir,
    asOf: BENCH_AS_OF,
    settings: { periodDays: 250, maxRuns: 50 },
    outsideWindow: 'none',
  },
];

const reads: Record<'fast' | 'parallel' | 'plain', FileSourceOptions> = {
  fast: {},
  parallel: {
    parallel: { rangeBytes: 8192, chunkBytes: 4096, minFileBytes: 0 },
  },
  plain: { plain: true },
};

async function run(testCase: Case, read: keyof typeof reads) {
  const out = join(work, `${testCase.name}-${read}`.replaceAll(' ', '-'));
  const config: ReportingConfig = {
    ...DEFAULT_CONFIG,
    source: `file:${testCase.file()}`,
    criteriaDir: testCase.criteriaDir(),
    asOf: testCase.asOf,
    outDir: out,
    statePath: join(out, 'state.json'),
    ...testCase.settings,
  };
  const result = await generate({
    config,
    logger: quiet,
    now: () => NOW,
    source: createFileSource(testCase.file(), reads[read]),
  });
  return { result, files: await siteFiles(out), state: await readFile(config.statePath, 'utf8') };
}

describe.each(cases)('the fast and the plain read of $name', (testCase) => {
  it.each(['fast', 'parallel'] as const)(
    'publish the same status.json, every site file byte for byte, the same state and accounting (%s)',
    async (read) => {
      const fast = await run(testCase, read);
      const plain = await run(testCase, 'plain');
      expect(fast.result.status.source.accounting).toEqual(plain.result.status.source.accounting);
      expect(fast.result.documents).toEqual(plain.result.documents);
      expect([...fast.files.keys()].sort()).toEqual([...plain.files.keys()].sort());
      for (const [path, bytes] of plain.files) {
        expect(fast.files.get(path)?.equals(bytes), path).toBe(true);
      }
      expect(fast.state).toBe(plain.state);
      // Not a vacuous comparison: the site holds pages built from runs, and lines were left out.
      expect(fast.files.has('status.json')).toBe(true);
      expect(fast.files.size).toBeGreaterThan(10);
      expect(fast.result.documents.used).toBeGreaterThan(0);
      const { outsideWindow } = fast.result.status.source.accounting;
      expect(outsideWindow > 0 ? 'some' : 'none').toBe(testCase.outsideWindow);
    },
  );
});
