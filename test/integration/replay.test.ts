// Sixty report days of daily operation through the built CLI, as a release manager lives with the site:
// a first deployment that backfills two weeks, lab outages (one installer for three days, every lab for a
// week), late results re-run for one installer, a day where only one installer's job ran, late results
// of earlier days backfilled, typo'd names, and a run killed mid-way. After every run the published site
// must still tell the newest truth (test/support/site-invariants.ts).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileHashes } from '../support/cli.js';
import { reportDays, runCliAsync, writeCriteria } from '../support/days.js';
import { killCliAt } from '../support/killed-run.js';
import { NdjsonResults, REPLAY_VERSION, replayDocuments, type ScenarioPlan } from '../support/replay-data.js';
import {
  currentViewProblems,
  readSnapshot,
  siteProblems,
  unscopedProblems,
  type SiteSnapshot,
} from '../support/site-invariants.js';

const SEED = 20160601;
const DAYS = reportDays('2016-06-01', 60);
const PERIOD_DAYS = 7;
const INSTALLERS = ['apex', 'compass', 'fuel'];
const PLANS: ScenarioPlan[] = [
  {
    installer: 'apex',
    scenario: 'os-nosdn-nofeature-ha',
    passRate: 0.97,
    runRate: 0.95,
    firstDay: 1,
    lastDay: 60,
  },
  {
    installer: 'apex',
    scenario: 'os-odl_l3-nofeature-ha',
    passRate: 0.8,
    runRate: 0.9,
    firstDay: 1,
    lastDay: 60,
  },
  {
    installer: 'compass',
    scenario: 'os-nosdn-nofeature-ha',
    passRate: 0.95,
    runRate: 0.9,
    firstDay: 1,
    lastDay: 60,
  },
  // Validated in the first weeks, then no longer run: it must stay on the pages, "not run since".
  {
    installer: 'compass',
    scenario: 'os-ocl-nofeature-ha',
    passRate: 1,
    runRate: 1,
    firstDay: 1,
    lastDay: 24,
  },
  {
    installer: 'fuel',
    scenario: 'os-nosdn-nofeature-ha',
    passRate: 0.97,
    runRate: 0.95,
    firstDay: 1,
    lastDay: 60,
  },
  // A scenario that appears on day 20.
  { installer: 'fuel', scenario: 'os-odl_l2-sfc-ha', passRate: 0.9, runRate: 0.9, firstDay: 20, lastDay: 60 },
];
/** Fuel's lab is down on days 17–19; every lab is down for the week of days 30–36. */
const silent = (day: number, installer: string) =>
  (day >= 30 && day <= 36) || (installer === 'fuel' && day >= 17 && day <= 19);

const day = (n: number) => DAYS[n - 1] as string;

describe('sixty report days of daily operation', () => {
  const documents = replayDocuments(SEED, DAYS, PLANS, silent);
  let work: string;
  let out: string;
  let statePath: string;
  let criteria: string;
  let results: NdjsonResults;
  let newestDay = '';
  const installerDays = new Map<string, string>();
  const everValidated = new Set<string>();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'scenario-report-replay-'));
    out = join(work, 'site');
    statePath = join(work, 'state', 'state.json');
    criteria = await writeCriteria(join(work, 'criteria'));
    results = new NdjsonResults(join(work, 'results.ndjson'));
    await results.create();
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** Day `n`'s results reach the source, all of them or only those of `installers`. */
  const arrive = (n: number, installers: readonly string[] = INSTALLERS) =>
    results.add(installers.flatMap((installer) => documents.get(day(n))?.get(installer) ?? []));

  const generate = (asOf: string, ...extra: string[]) =>
    runCliAsync(
      [
        'generate',
        '--source',
        results.uri,
        '--criteria',
        criteria,
        '--period',
        String(PERIOD_DAYS),
        '--as-of',
        asOf,
        '--out',
        out,
        '--state',
        statePath,
        ...extra,
      ],
      work,
    );

  /** Everything on disk but the results: a refused or killed run must leave all of it as it was. */
  const everything = () => fileHashes(work, (path) => path === results.path || path.endsWith('.lock'));

  /** The invariants of every published site, plus `more` of this step; remembers what was validated. */
  async function check(step: string, more: (snapshot: SiteSnapshot) => string[] = () => []) {
    const snapshot = await readSnapshot(out, statePath);
    const problems = [
      ...(await siteProblems(snapshot, {
        version: REPLAY_VERSION,
        newestDay,
        installerDays,
        everValidated,
      })),
      ...more(snapshot),
      ...(await leftovers()),
    ];
    expect(problems, step).toEqual([]);
    for (const installer of snapshot.status.versions.find((v) => v.version === REPLAY_VERSION)?.installers ??
      []) {
      for (const scenario of installer.scenarios) {
        if (scenario.validated) everValidated.add(`${installer.installer}/${scenario.scenario}`);
      }
    }
    return snapshot;
  }

  /** No lock or temporary folder survives a finished run. */
  async function leftovers(): Promise<string[]> {
    const names = await readdir(work, { recursive: true });
    return names
      .filter((name) => name.endsWith('.lock') || name.includes('tmp'))
      .map((name) => `${name} was left behind`);
  }

  async function succeed(step: string, asOf: string, ...extra: string[]) {
    const result = await generate(asOf, ...extra);
    expect(result.code, `${step}: ${result.stderr}`).toBe(0);
    return result;
  }

  async function daily(n: number) {
    const result = await succeed(`day ${n}`, day(n));
    newestDay = day(n);
    for (const installer of INSTALLERS) installerDays.set(installer, day(n));
    await check(`day ${n}`);
    return result;
  }

  /** A run of one installer's results only: the other installers' files and entries stay as they were. */
  async function partial(n: number, installer: string) {
    const before = await readSnapshot(out, statePath);
    await succeed(`day ${n}, ${installer} only`, day(n), '--installer', installer);
    if (day(n) > newestDay) newestDay = day(n);
    installerDays.set(installer, day(n));
    await check(`day ${n}, ${installer} only`, (after) =>
      unscopedProblems(before, after, REPLAY_VERSION, [installer]),
    );
  }

  /**
   * Late results of earlier days recorded (only `installers`' when given): the history views change, the
   * current view does not, nor anything of the other installers.
   */
  async function backfill(n: number, days: number, installers: readonly string[] = []) {
    const before = await readSnapshot(out, statePath);
    await succeed(
      `backfill of ${days} days to day ${n}`,
      day(n),
      ...(days > 1 ? ['--backfill', String(days)] : []),
      ...installers.flatMap((installer) => ['--installer', installer]),
    );
    const after = await check(`backfill to day ${n}`, (snapshot) => [
      ...currentViewProblems(before, snapshot),
      ...(installers.length > 0 ? unscopedProblems(before, snapshot, REPLAY_VERSION, installers) : []),
    ]);
    const recorded = Object.values(after.state.history[REPLAY_VERSION] ?? {}).flatMap((scenarios) =>
      Object.values(scenarios).flatMap((byDay) => Object.keys(byDay)),
    );
    expect(recorded, 'the backfilled day is in the history').toContain(day(n));
  }

  /** A run refused for a typo: exit 2, the name it meant, and not one file changed. */
  async function refused(n: number, flag: string, typo: string, meant: string) {
    const before = await everything();
    const result = await generate(day(n), flag, typo);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`did you mean ${meant}?`);
    expect(await everything(), `day ${n}, ${flag} ${typo}`).toEqual(before);
  }

  /** A run killed once it has read the source: the site is the previous one or the whole new one. */
  async function killed(n: number) {
    const before = await everything();
    const run = await killCliAt(
      [
        'generate',
        '--source',
        results.uri,
        '--criteria',
        criteria,
        '--period',
        String(PERIOD_DAYS),
        '--as-of',
        day(n),
        '--out',
        out,
        '--state',
        statePath,
      ],
      work,
      'source.read',
    );
    expect(run.killed, run.stderr).toBe(true);
    const snapshot = await readSnapshot(out, statePath);
    if (snapshot.status.asOf.startsWith(day(n))) return;
    expect(await everything(), `day ${n}, killed`).toEqual(before);
  }

  it('keeps the published site the newest truth after every run', async () => {
    for (let n = 1; n <= 14; n++) await arrive(n);
    // First deployment: two weeks of history at once.
    await succeed('first deployment', day(14), '--backfill', '14');
    newestDay = day(14);
    for (const installer of INSTALLERS) installerDays.set(installer, day(14));
    await check('first deployment');
    expect(everValidated.size, 'some scenarios validate in the first two weeks').toBeGreaterThan(0);

    for (let n = 15; n <= 60; n++) {
      if (n === 22 || n === 57) {
        // Fuel's results come in after the daily run: fuel alone is run again for that day.
        await arrive(n, ['apex', 'compass']);
        await daily(n);
        await arrive(n, ['fuel']);
        await partial(n, 'fuel');
      } else if (n === 27) {
        // Only apex's daily job ran that day.
        await arrive(n);
        await partial(n, 'apex');
      } else if (n === 42) {
        await arrive(n, ['apex', 'fuel']);
        await daily(n);
      } else if (n === 47 || n === 48) {
        await arrive(n, ['apex', 'compass']);
        await daily(n);
      } else if (n === 55) {
        await arrive(n);
        await killed(n);
        await daily(n);
      } else {
        await arrive(n);
        const result = await daily(n);
        if (n === 36) expect(result.stderr, 'a week without results').toContain('report.noRuns');
      }
      if (n === 18) await partial(n, 'fuel');
      if (n === 40) {
        await refused(n, '--installer', 'fule', 'fuel');
        await refused(n, '--version', 'mastr', 'master');
      }
      if (n === 44) {
        // Compass's results of day 42 came in late: compass alone is run again for that day.
        await arrive(42, ['compass']);
        await backfill(42, 1, ['compass']);
      }
      if (n === 50) {
        await arrive(47, ['fuel']);
        await arrive(48, ['fuel']);
        await backfill(48, 3);
      }
    }
    expect(everValidated).toContain('compass/os-ocl-nofeature-ha');
  }, 600_000);
});
