// A partial run shows the installers it does not read as the last status.json showed them: an entry read
// back gives the verdict it was written from, and an entry not shaped as this job writes it gives nothing,
// so the state's last picture stands in for it.
import { describe, expect, it } from 'vitest';
import { publishedInstaller, publishedInstallers, readBack } from '../../src/app/status-read-back.js';
import { withPublishedInstallers } from '../../src/app/published-view.js';
import { buildStatusJson, statusJsonPieces } from '../../src/app/status-json.js';
import { blockersOf, type InstallerVerdict, type Verdict } from '../../src/core/index.js';
import {
  AS_OF,
  DAY,
  dailyRun,
  installer,
  runHistory,
  scenario,
  statusJsonInput,
  testCase,
  verdict,
  version,
} from '../support/builders.js';

const annotations = { validatedSince: null, notRunSince: null, trend: [50, 80] };

/** fuel's aarch64 pods under the architecture split: a flaky test, a pending one, one never run. */
const fuelArm: InstallerVerdict = {
  installer: 'fuel@aarch64',
  lastResult: AS_OF - DAY,
  scenarios: [
    scenario({
      ...annotations,
      tests: [
        testCase({ name: 'healthcheck', points: 1, runs: runHistory('PFPF', { pod: 'arm-pod1' }) }),
        testCase({ name: 'odl', points: 2, runs: runHistory('PP', { testCase: 'odl', pod: 'arm-pod1' }) }),
        testCase({ name: 'promise', project: 'promise', tier: 'features', points: 0, runs: [] }),
      ],
      missing: ['promise'],
      pending: true,
      lastBuildTag: runHistory('P', { pod: 'arm-pod1' })[0]?.buildTag ?? null,
    }),
  ],
};

/** apex: a failed run with its note, a scored test and an informative one, scenarios beyond the cap. */
const apex: InstallerVerdict = {
  installer: 'apex',
  lastResult: AS_OF - DAY,
  hiddenScenarios: 3,
  hiddenValidated: 2,
  hiddenStale: 1,
  hiddenStaleValidated: 1,
  scenarios: [
    scenario({
      ...annotations,
      scenario: 'os-odl_l2-nofeature-ha',
      validatedSince: '2016-07-10',
      stale: true,
      tests: [
        testCase({
          runs: [4, 3, 2, 1].map((day) =>
            dailyRun({
              day,
              installer: 'apex',
              scenario: 'os-odl_l2-nofeature-ha',
              ...(day === 2 ? { passed: false, failureNote: 'unknown criteria word "MAYBE"' } : {}),
            }),
          ),
        }),
        testCase({ name: 'doctor', scored: false, points: 0, runs: [] }),
      ],
    }),
  ],
};

const master = (installers: InstallerVerdict[]): Verdict => verdict([version('master', installers)]);

/** status.json of `installers` as written, then parsed as a partial run reads it back. */
function parsedStatus(installers: InstallerVerdict[]): unknown {
  const status = buildStatusJson(statusJsonInput(master(installers)));
  return JSON.parse([...statusJsonPieces(status)].join('')) as unknown;
}

/** The first installer entry of `installers` read back, to break in one place. */
function entryOf(installers: InstallerVerdict[]): unknown {
  return (parsedStatus(installers) as { versions: { installers: unknown[] }[] }).versions[0]?.installers[0];
}

type Path = readonly (string | number)[];

/** `entry` with the field at `path` set to `value`, or deleted for undefined. */
function broken(entry: unknown, path: Path, value: unknown): unknown {
  let parent = entry as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) Reflect.deleteProperty(parent, last);
  else parent[last] = value;
  return entry;
}

const TEST: Path = ['scenarios', 0, 'tests', 0];
const RUN: Path = [...TEST, 'runs', 0];

describe('an installer entry of status.json read back', () => {
  it('gives the verdict it was written from: runs (of fuel, on its aarch64 entry), projects, tiers, marks', () => {
    const published = publishedInstallers(parsedStatus([fuelArm, apex]));
    expect([...(published.get('master')?.keys() ?? [])]).toEqual(['fuel@aarch64', 'apex']);
    expect(published.get('master')?.get('fuel@aarch64')).toEqual(fuelArm);
    expect(published.get('master')?.get('apex')).toEqual(apex);
    expect(published.get('master')?.get('fuel@aarch64')?.scenarios[0]?.tests[0]?.runs[0]?.installer).toBe(
      'fuel',
    );
  });

  it('gives the same blockers as the verdict it was written from', () => {
    const published = publishedInstallers(parsedStatus([fuelArm, apex])).get('master');
    const rebuilt = [...(published?.values() ?? [])].flatMap((entry) => (entry === null ? [] : [entry]));
    expect(blockersOf(version('master', rebuilt))).toEqual(blockersOf(version('master', [fuelArm, apex])));
  });

  it.each<[string, Path, unknown]>([
    ['points beyond 3', [...TEST, 'points'], 4],
    ['runs that are not a list', [...TEST, 'runs'], 'PPFP'],
    ['a run without a pod', [...RUN, 'pod'], undefined],
    ['a run on a date no one can read', [...RUN, 'date'], 'yesterday'],
    ['a run passed as a word', [...RUN, 'passed'], 'PASS'],
    ['a run line that is not an object', RUN, null],
    ['a test without a project', [...TEST, 'project'], undefined],
    ['a status of its own', ['scenarios', 0, 'status'], 'MAYBE'],
    ['a run count below zero', ['scenarios', 0, 'runs'], -1],
    ['a last run no one can read', ['scenarios', 0, 'lastRun'], 'soon'],
    ['missing tests that are not names', ['scenarios', 0, 'missing'], [1]],
    ['scenarios that are not a list', ['scenarios'], {}],
    ['a scenario that is not an object', ['scenarios', 0], 'os-nosdn-nofeature-ha'],
    ['more validated than it holds', ['validated'], 99],
    ['fewer validated than it lists', ['validated'], 0],
  ])('with %s gives nothing', (_, path, value) => {
    expect(publishedInstaller('master', broken(entryOf([apex]), path, value))).toBeNull();
  });

  it('a field inherited, not its own, is not read', () => {
    const entry = broken(entryOf([apex]), [...TEST, 'project'], undefined);
    const test = (entry as { scenarios: { tests: object[] }[] }).scenarios[0]?.tests[0];
    const inherits = Object.assign(Object.create({ project: 'functest' }) as object, test);
    expect(publishedInstaller('master', broken(entry, TEST, inherits))).toBeNull();
  });

  it.each<[string, unknown]>([
    ['not an object', 'status'],
    ['versions that are not a list', { versions: {} }],
    ['a version that is not an object', { versions: [null, 3] }],
  ])('a status.json with %s holds no installer', (_, status) => {
    expect([...publishedInstallers(status).values()].flatMap((installers) => [...installers])).toEqual([]);
  });

  it('an entry with no name cannot be placed: it is left out, its neighbours kept', () => {
    const status = parsedStatus([fuelArm, apex]) as { versions: { installers: Record<string, unknown>[] }[] };
    delete status.versions[0]?.installers[0]?.installer;
    expect([...(publishedInstallers(status).get('master')?.keys() ?? [])]).toEqual(['apex']);
  });
});

describe('a status.json read back', () => {
  it('as written is kept', () => {
    expect(readBack(Buffer.from(JSON.stringify(parsedStatus([fuelArm, apex]))))).not.toBeNull();
  });

  // An edited file: keeping its entries would crash on them or write them back as found.
  it.each<[string, unknown]>([
    ['not an object', null],
    ['no versions', {}],
    ['a version that is not an object', { versions: [null] }],
    ['a version without its name', { versions: [{ installers: [] }] }],
    ['installers that are not a list', { versions: [{ version: 'master', installers: 'none' }] }],
    [
      'an installer entry without its name',
      { versions: [{ version: 'master', installers: [{ installer: 3 }] }] },
    ],
    ['a feedback entry without its installer', { versions: [], feedback: [null] }],
  ])('with %s is not kept', (_, status) => {
    expect(readBack(Buffer.from(JSON.stringify(status)))).toBeNull();
  });
});

describe("a partial run's verdict", () => {
  const lossy = (name: string) => installer(name, [scenario({ tests: [testCase({ runs: [] })] })]);

  it('takes each other installer from status.json, from the state where status.json has no entry as written', () => {
    const published = new Map([
      [
        'master',
        new Map<string, InstallerVerdict | null>([
          ['fuel', installer('fuel', [])],
          ['apex', apex],
          ['joid', null],
          ['compass', fuelArm],
        ]),
      ],
    ]);
    const read = installer('fuel');
    const fromState = [lossy('apex'), lossy('joid'), lossy('daisy')];
    const shown = withPublishedInstallers(master([read, ...fromState]), published, ['fuel']);
    expect(shown.versions[0]?.installers).toEqual([read, apex, lossy('joid'), fuelArm, lossy('daisy')]);
  });

  it('a version status.json does not show is left as the state gave it', () => {
    const read = master([installer('fuel'), lossy('apex')]);
    expect(withPublishedInstallers(read, new Map(), ['fuel'])).toEqual(read);
  });
});
