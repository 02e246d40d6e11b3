// One measurement in a fresh process, so its peak RSS is its own: `tsx bench/child.ts <mode> …` prints
// one JSON line. Modes: generate (the real job on a file), floor (read + JSON.parse every line and
// nothing else), render (the site alone), mongo (the job through the Mongo source). The job is the
// compiled JavaScript of dist/, as the cron runs it (`npm run bench` builds it first): its worker threads
// then load as they do in production, not through tsx.
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EJSON } from 'bson';
import { MongoClient } from 'mongodb';
import type { ReportingConfig } from '../src/config/index.js';
import type { Logger, Run } from '../src/core/index.js';
import { startMongoWireServer } from '../test/support/mongo-wire-server.js';
import { AS_OF, INSTALLERS, SCENARIOS, TEST_CASES, VERSIONS } from './synthetic.js';

/** A module of the job from dist/, typed by its source. */
const built = async <Module>(path: string) =>
  (await import(new URL(`../dist/${path}`, import.meta.url).href)) as Module;
const { generate } = await built<typeof import('../src/app/generate.js')>('app/generate.js');
const { DEFAULT_CONFIG, loadCriteria, scoringOptionsOf } =
  await built<typeof import('../src/config/index.js')>('config/index.js');
const { buildVerdict, newDocumentStats } =
  await built<typeof import('../src/core/index.js')>('core/index.js');
const { renderSite, writeSite } = await built<typeof import('../src/render/index.js')>('render/index.js');
const { createMongoSource } =
  await built<typeof import('../src/sources/mongo/index.js')>('sources/mongo/index.js');

/** Runs per test case in the render case: 1M documents over 21,600 test cases and 200 days is 46 each. */
const RENDER_RUNS = 46;
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const [mode = '', file = '', criteriaDir = '', outDir = '', overridesJson = '{}'] = process.argv.slice(2);
/** The case's own settings (period, maxRuns), as JSON: the daily case has none, the all-in-window case both. */
const overrides = JSON.parse(overridesJson) as Partial<ReportingConfig>;

function config(extra: Partial<ReportingConfig> = {}): ReportingConfig {
  return {
    ...DEFAULT_CONFIG,
    source: `file:${file}`,
    criteriaDir,
    asOf: AS_OF,
    outDir,
    statePath: join(outDir, 'state.json'),
    ...overrides,
    ...extra,
  };
}

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

async function floor() {
  const started = performance.now();
  let lines = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      if (line === '') continue;
      JSON.parse(line);
      lines++;
    }
  }
  if (rest.trim() !== '') {
    JSON.parse(rest);
    lines++;
  }
  return { ms: performance.now() - started, peakRssMiB: peakRssMiB(), lines };
}

async function runGenerate() {
  const started = performance.now();
  const result = await generate({ config: config(), logger: quiet, now: () => Date.parse(AS_OF) });
  const ms = performance.now() - started;
  return {
    ms,
    peakRssMiB: peakRssMiB(),
    documentsReceived: result.status.source.documentsReceived,
    used: result.documents.used,
    ...(await siteWeight(join(outDir, 'current'))),
  };
}

/** The weight a reader downloads: the largest page, and every file of the published site together. */
async function siteWeight(
  dir: string,
): Promise<{ largestPageKiB: number; siteMiB: number; siteFiles: number }> {
  let largest = 0;
  let total = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const { size } = await stat(join(entry.parentPath, entry.name));
    total += size;
    files++;
    if (entry.name.endsWith('.html')) largest = Math.max(largest, size);
  }
  return {
    largestPageKiB: Math.round(largest / 1024),
    siteMiB: Math.round((total / 2 ** 20) * 10) / 10,
    siteFiles: files,
  };
}

/**
 * The site alone, for a verdict of 4 versions × 6 installers × 30 scenarios with 30 test cases each and
 * RENDER_RUNS runs per test case: the density of the all-in-window case (46 runs over 200 days).
 */
async function render() {
  const criteria = await loadCriteria(criteriaDir);
  const asOf = Date.parse(AS_OF);
  const runs: Run[] = [];
  for (const version of VERSIONS)
    for (const installer of INSTALLERS)
      for (const scenario of SCENARIOS)
        for (const testCase of TEST_CASES)
          for (let i = 0; i < RENDER_RUNS; i++) {
            runs.push({
              version,
              installer,
              scenario,
              project: 'functest',
              testCase,
              pod: `${installer}-pod1`,
              buildTag: `jenkins-functest-${installer}-baremetal-daily-${version}-${100 + i}`,
              startedAt: asOf - (i + 1) * 86_400_000,
              passed: (scenario.length + testCase.length + i) % 7 !== 0,
            });
          }
  const verdict = buildVerdict(
    runs,
    criteria,
    scoringOptionsOf({ ...DEFAULT_CONFIG, periodDays: 250, maxRuns: RENDER_RUNS }, asOf),
  );
  const input = {
    verdict,
    validated: {},
    history: {},
    criteria,
    ciBuildUrl: DEFAULT_CONFIG.ciBuildUrl,
    generatedAt: 0,
    staleAfterHours: 36,
    documents: { ...newDocumentStats(), read: runs.length, used: runs.length },
    statusJson: '{}',
    changes: [],
    readiness: DEFAULT_CONFIG.readiness,
  };
  const scenarios = verdict.versions.flatMap((v) => v.installers.flatMap((i) => i.scenarios)).length;
  const started = performance.now();
  const files = renderSite(input);
  const ms = performance.now() - started;
  const pages = [...files.keys()].filter((path) => path.endsWith('.html')).length;
  // The whole write as the job does it: render again, into a new release, then the switch of `current`.
  // Into a new folder the bench removes at its end (run.ts: nothing is removed before a measurement).
  const writeStarted = performance.now();
  await writeSite(input, { outDir });
  const writeMs = performance.now() - writeStarted;
  const weight = await siteWeight(join(outDir, 'current'));
  return {
    ms,
    writeMs,
    scenarios,
    runsPerTestCase: RENDER_RUNS,
    pages,
    files: files.size,
    pagesPerSecond: Math.round((pages / ms) * 1000),
    ...weight,
  };
}

async function mongo() {
  const external = process.env.MONGODB_URI;
  const server = external ? null : await startMongoWireServer();
  const uri = external ?? server?.uri ?? '';
  const database = `scenario_report_bench_${process.pid}`;
  const client = new MongoClient(uri);
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  const collection = client.db(database).collection('results');
  for (let i = 0; i < lines.length; i += 5000) {
    await collection.insertMany(
      lines.slice(i, i + 5000).map((line) => EJSON.parse(line, { relaxed: false }) as object),
    );
  }
  const cfg = config({ source: uri, database });
  const started = performance.now();
  const result = await generate({
    config: cfg,
    logger: quiet,
    now: () => 0,
    dryRun: true,
    source: createMongoSource(cfg),
  });
  const ms = performance.now() - started;
  await client.db(database).dropDatabase();
  await client.close();
  await server?.close();
  return {
    ms,
    server: external ? 'MONGODB_URI' : 'wire test server',
    versions: result.verdict.versions.length,
    ...result.status.source,
    used: result.documents.used,
  };
}

const modes: Record<string, () => Promise<object>> = { floor, generate: runGenerate, render, mongo };
const run = modes[mode];
if (!run) throw new Error(`unknown mode ${mode}`);
process.stdout.write(`${JSON.stringify(await run())}\n`);
