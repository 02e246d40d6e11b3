// `npm run bench`: generates the synthetic data once (bench/data, git-ignored), measures each figure in
// a fresh child process several times, prints the medians as a table, writes bench/results.json, and
// exits 1 when a target of the speed issue is missed. BENCH_SIZES=10k,100k runs fewer sizes.
import { execFileSync } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { AS_OF, writeBenchCriteria, writeSynthetic } from './synthetic.js';

const root = resolve(import.meta.dirname, '..');
const data = join(root, 'bench/data');
const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1M': 1_000_000 };
const sizes = (process.env.BENCH_SIZES ?? '10k,100k,1M').split(',').map((s) => s.trim());
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The wire test server holds everything in memory and runs pipelines in JavaScript: 1M is a real server's job. */
const MONGO_SIZES = new Set(process.env.MONGODB_URI ? ['10k', '100k', '1M'] : ['10k', '100k']);
/**
 * The two shapes of a day's work on the same file. daily: the default 10-day window holds ~5 % of the
 * documents, so most need not be parsed at all. all: a 250-day window and maxRuns 50 hold every
 * document, so every one is parsed, normalised, collected and scored, and the pages hold 46 runs a test.
 */
const CASES = {
  daily: { label: 'daily (10-day window)', config: {}, maxRatio: 0.5 },
  all: {
    label: 'all in window (250 days, maxRuns 50)',
    config: { periodDays: 250, maxRuns: 50 },
    maxRatio: 1.5,
  },
} as const;

/** The day before the bench's report day, published untimed before each measured run. */
const DAY_BEFORE = new Date(Date.parse(AS_OF) - 86_400_000).toISOString();

function child(mode: string, ...args: string[]): Record<string, number | string> {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench/child.ts'), mode, ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Record<string, number | string>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function medianOf(runs: Record<string, number | string>[]): Record<string, number | string> {
  const first = runs[0] ?? {};
  return Object.fromEntries(
    Object.keys(first).map((key) => [
      key,
      typeof first[key] === 'number' ? median(runs.map((run) => Number(run[key]))) : (first[key] as string),
    ]),
  );
}

const repeat = (times: number, measure: () => Record<string, number | string>) =>
  medianOf(Array.from({ length: times }, measure));

async function exists(path: string) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

await mkdir(data, { recursive: true });
const criteria = await writeBenchCriteria(data);
/**
 * Every site the bench writes stays until the end, in a folder of this bench (with any an interrupted
 * bench left): nothing is removed before a measurement. On the bench's machine (ext4 without a journal)
 * the kernel will not reuse an inode freed in the last one to five minutes, and checks each such inode,
 * one by one, for every file it creates: removing the previous round's 4,500 files just before a run
 * made each file that run created cost ~0.7 ms of kernel time instead of ~0.02 ms. The nightly cron
 * removes its oldest release at the end of a run, a day before the next.
 */
const sites = await mkdtemp(join(data, 'out-'));
const results: Record<string, unknown> = {
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  runs: RUNS,
  sizes: {},
};
const targets: { name: string; value: string; pass: boolean }[] = [];

for (const size of sizes) {
  const count = SIZES[size];
  if (count === undefined) throw new Error(`unknown size ${size}: use ${Object.keys(SIZES).join(', ')}`);
  const file = join(data, `results-${size}.ndjson`);
  if (!(await exists(file))) {
    process.stderr.write(`writing ${count} synthetic documents to ${file}…\n`);
    await writeSynthetic(file, count);
  }
  const outOf = (name: string) => join(sites, `${size}-${name}`);
  // Each round measures the floor, then each case: a machine that slows down during the bench (a shared
  // one drifts by ±15 % within minutes) slows both sides of a round's ratio, and the ratio reported is
  // the median of the rounds' ratios.
  const rounds = Array.from({ length: RUNS }, (_, round) => {
    const floorRun = child('floor', file);
    const cases = Object.entries(CASES).map(([name, benchCase]) => {
      // The cron's steady state: the day before was published, not timed, and the day is published
      // over it (a release links the files it holds unchanged, and the state has a day before).
      const out = outOf(`${name}-${round}`);
      child('generate', file, criteria, out, JSON.stringify({ ...benchCase.config, asOf: DAY_BEFORE }));
      const run = child('generate', file, criteria, out, JSON.stringify(benchCase.config));
      return { name, run, ratio: Number(run.ms) / Number(floorRun.ms) };
    });
    return { floor: floorRun, cases };
  });
  const floor = medianOf(rounds.map((round) => round.floor));
  const fileMiB = Math.round(
    Number(execFileSync('stat', ['-c', '%s', file], { encoding: 'utf8' })) / 2 ** 20,
  );
  const entry: Record<string, unknown> = { documents: count, fileMiB, floor };
  for (const [name, benchCase] of Object.entries(CASES)) {
    const measured = rounds.map((round) => round.cases.find((done) => done.name === name)!);
    const generate = medianOf(measured.map((done) => done.run));
    const ratio = median(measured.map((done) => done.ratio));
    entry[name] = {
      ...generate,
      documentsPerSecond: Math.round(count / (Number(generate.ms) / 1000)),
      ratio: Math.round(ratio * 100) / 100,
      roundRatios: measured.map((done) => Math.round(done.ratio * 100) / 100).join(' '),
    };
    if (size !== '1M') continue;
    targets.push({
      name: `file 1M ${benchCase.label}: generate ≤ ${benchCase.maxRatio} × parse floor`,
      value: `${Math.round(ratio * 100) / 100}×`,
      pass: ratio <= benchCase.maxRatio,
    });
    targets.push({
      name: `file 1M ${benchCase.label}: peak RSS < 1 GiB`,
      value: `${Math.round(Number(generate.peakRssMiB))} MiB`,
      pass: Number(generate.peakRssMiB) < 1024,
    });
  }
  if (MONGO_SIZES.has(size))
    entry.mongo = repeat(size === '10k' ? RUNS : 1, () => child('mongo', file, criteria, outOf('mongo')));
  (results.sizes as Record<string, unknown>)[size] = entry;

  const mongo = entry.mongo as Record<string, number> | undefined;
  if (mongo) {
    const { aggregates = NaN, versions = NaN, documentsReceived = NaN, used = NaN } = mongo;
    targets.push({
      name: `mongo ${size}: ≤ 1 aggregate per version`,
      value: `${aggregates} for ${versions} versions`,
      pass: aggregates <= versions,
    });
    targets.push({
      name: `mongo ${size}: documents received ≤ runs used`,
      value: `${documentsReceived} ≤ ${used}`,
      pass: documentsReceived <= used,
    });
  }
}

let renders = 0;
const render = repeat(RUNS, () =>
  child('render', '', criteria, join(sites, `render-${renders++}`)),
) as Record<string, number>;
for (const name of await readdir(data)) {
  if (name.startsWith('out-')) await rm(join(data, name), { recursive: true, force: true });
}
results.render = render;
const { writeMs = NaN, scenarios = NaN, runsPerTestCase = NaN, largestPageKiB = NaN, siteMiB = NaN } = render;
targets.push({
  name: `site write: ${scenarios} scenarios × ${runsPerTestCase} runs a test case < 2 s`,
  value: `${Math.round(writeMs)} ms (largest page ${largestPageKiB} KiB, site ${siteMiB} MiB)`,
  pass: writeMs < 2000,
});

results.targets = targets;
await writeFile(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

type Figures = Record<string, number>;
const rows = Object.entries(results.sizes as Record<string, Record<string, Figures>>).flatMap(
  ([size, entry]) =>
    Object.keys(CASES).map((name) => {
      const figures = entry[name] ?? {};
      return [
        size.padEnd(5),
        name.padEnd(6),
        `${entry.fileMiB ?? ''} MiB`.padStart(8),
        `${Math.round(entry.floor?.ms ?? 0)} ms`.padStart(10),
        `${Math.round(figures.ms ?? 0)} ms`.padStart(10),
        `${figures.ratio}×`.padStart(6),
        `${figures.documentsPerSecond}/s`.padStart(10),
        `${Math.round(figures.peakRssMiB ?? 0)} MiB`.padStart(9),
        `${figures.largestPageKiB} KiB / ${figures.siteMiB} MiB`.padStart(18),
        name === 'daily' && entry.mongo
          ? `${entry.mongo.aggregates} agg, ${entry.mongo.documentsReceived} docs, ${Math.round(entry.mongo.ms ?? 0)} ms`
          : '',
      ].join('  ');
    }),
);
process.stdout.write(
  [
    `machine: ${(results.machine as { cpus: number; cpu: string }).cpus} × ${(results.machine as { cpu: string }).cpu}, node ${process.version}; median of ${RUNS}`,
    'size   case        file       floor    generate  ratio      docs/s   peak RSS   largest page / site  mongo',
    ...rows,
    '',
    ...targets.map((t) => `${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value}`),
    '',
  ].join('\n'),
);
process.exitCode = targets.every((t) => t.pass) ? 0 : 1;
