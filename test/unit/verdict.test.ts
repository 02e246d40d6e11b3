import { describe, expect, it } from 'vitest';
import { buildVerdict, capScenarios, installerCounts, normaliseDocument } from '../../src/core/index.js';
import type { CriteriaSet, Run, ScenarioVerdict, ScoringOptions, Verdict } from '../../src/core/index.js';
import { AS_OF, DAY, HOUR, definition, options, runHistory, testRun } from '../support/builders.js';

const HA = 'os-nosdn-nofeature-ha';
const ODL = 'os-odl_l2-nofeature-ha';

const criteria: CriteriaSet = {
  testCases: [
    definition({ name: 'healthcheck' }),
    definition({ name: 'vping_ssh', tier: 'smoke' }),
    definition({ name: 'promise', project: 'promise', tier: 'features', installerPattern: '(fuel)|(joid)' }),
    definition({ name: 'doctor', project: 'doctor', tier: 'features', scenarioPattern: 'odl' }),
    definition({ name: 'vims', tier: 'vnf', tierScored: false }),
    definition({ name: 'odl', tier: 'sdn', blacklisted: true }),
  ],
};

/** Four passing runs of every scored test runnable on fuel / os-nosdn-nofeature-ha. */
function greenHa(fields: Partial<Run> = {}): Run[] {
  return [
    ...runHistory('PPPP', { testCase: 'healthcheck', ...fields }),
    ...runHistory('PPPP', { testCase: 'vping_ssh', ...fields }),
    ...runHistory('PPPP', { project: 'promise', testCase: 'promise', ...fields }),
  ];
}

function verdictOf(runs: Run[], fields: Partial<ScoringOptions> = {}): Verdict {
  return buildVerdict(runs, criteria, options(fields));
}

function installersOf(verdict: Verdict): string[] {
  return verdict.versions.flatMap((version) => version.installers.map((entry) => entry.installer));
}

function scenarioOf(verdict: Verdict, scenario = HA, installer = 'fuel'): ScenarioVerdict | undefined {
  return verdict.versions
    .flatMap((version) => version.installers)
    .find((entry) => entry.installer === installer)
    ?.scenarios.find((entry) => entry.scenario === scenario);
}

function scenarioNames(verdict: Verdict): string[] {
  return verdict.versions.flatMap((version) =>
    version.installers.flatMap((entry) => entry.scenarios.map((scenario) => scenario.scenario)),
  );
}

const testNames = (scenario: ScenarioVerdict | undefined) =>
  scenario?.tests.map((test) => [test.name, test.scored, test.points]);

describe('buildVerdict: discovery', () => {
  it.each([
    ['a run of a scored test reveals the scenario', [testRun({ testCase: 'healthcheck' })], [HA]],
    ['a run of an unscored-tier test alone does not', [testRun({ testCase: 'vims' })], []],
    ['a run of a blacklisted test alone does not', [testRun({ testCase: 'odl' })], []],
    ['a run of a test outside the criteria is ignored', [testRun({ testCase: 'rally' })], []],
    ['a run outside the window does not', [testRun({ hoursAgo: 11 * 24 })], []],
    ['a run after asOf does not', [testRun({ hoursAgo: -1 })], []],
  ])('%s', (_name, runs, scenarios) => {
    expect(scenarioNames(verdictOf(runs))).toEqual(scenarios);
  });
});

describe('buildVerdict: which test cases a scenario shows', () => {
  it('scored runnable tests always appear; a scored test without runs has 0 points and is missing', () => {
    const scenario = scenarioOf(verdictOf(runHistory('PPPP', { testCase: 'healthcheck' })));
    expect(testNames(scenario)).toEqual([
      ['healthcheck', true, 3],
      ['promise', true, 0],
      ['vping_ssh', true, 0],
    ]);
    expect(scenario?.missing).toEqual(['promise', 'vping_ssh']);
    expect(scenario?.tests.find((test) => test.name === 'promise')?.reason).toBe(
      'no run in the period → 0 points',
    );
  });

  it('not-runnable tests are left out, or shown unscored when they ran', () => {
    const onApex = verdictOf(runHistory('PPPP', { installer: 'apex', testCase: 'healthcheck' }));
    expect(testNames(scenarioOf(onApex, HA, 'apex'))).toEqual([
      ['healthcheck', true, 3],
      ['vping_ssh', true, 0],
    ]);
    const promiseRanOnApex = verdictOf([
      ...runHistory('PPPP', { installer: 'apex', testCase: 'healthcheck' }),
      ...runHistory('PP', { installer: 'apex', project: 'promise', testCase: 'promise' }),
    ]);
    expect(testNames(scenarioOf(promiseRanOnApex, HA, 'apex'))).toContainEqual(['promise', false, 1]);
  });

  it('unscored-tier and blacklisted tests appear unscored only when they ran, with their points', () => {
    const scenario = scenarioOf(
      verdictOf([
        ...greenHa(),
        ...runHistory('PPPF', { testCase: 'vims' }),
        ...runHistory('F', { testCase: 'odl' }),
      ]),
    );
    expect(testNames(scenario)).toEqual([
      ['healthcheck', true, 3],
      ['odl', false, 0],
      ['promise', true, 3],
      ['vims', false, 2],
      ['vping_ssh', true, 3],
    ]);
    expect([scenario?.score, scenario?.max, scenario?.validated]).toEqual([9, 9, true]);
  });

  it('the scenario dependency is checked too', () => {
    const scenario = scenarioOf(verdictOf(runHistory('PPPP', { scenario: ODL })), ODL);
    expect(scenario?.tests.map((test) => test.name)).toEqual([
      'doctor',
      'healthcheck',
      'promise',
      'vping_ssh',
    ]);
  });
});

describe('buildVerdict: scenario status', () => {
  it('every point → OK and validated', () => {
    const scenario = scenarioOf(verdictOf(greenHa()));
    expect(scenario).toMatchObject({ score: 9, max: 9, percent: 100, status: 'OK', validated: true });
  });

  it('a point short → KO, percent rounded to one decimal', () => {
    const scenario = scenarioOf(
      verdictOf([
        ...runHistory('PPPP', { testCase: 'healthcheck' }),
        ...runHistory('PPPF', { testCase: 'vping_ssh' }),
        ...runHistory('PFPF', { project: 'promise', testCase: 'promise' }),
      ]),
    );
    expect(scenario).toMatchObject({ score: 6, max: 9, percent: 66.7, status: 'KO', validated: false });
  });

  it('no scored test runnable here → NO_DATA, never validated', () => {
    // healthcheck is declared for odl scenarios only here: the run reveals the scenario, nothing scores.
    const onlyOdl: CriteriaSet = { testCases: [definition({ name: 'healthcheck', scenarioPattern: 'odl' })] };
    const verdict = buildVerdict(runHistory('PPPP'), onlyOdl, options());
    expect(scenarioOf(verdict)).toMatchObject({
      score: 0,
      max: 0,
      percent: 0,
      status: 'NO_DATA',
      validated: false,
    });
    expect(testNames(scenarioOf(verdict))).toEqual([['healthcheck', false, 3]]);
  });

  it.each([
    ['every scored test has 4 runs → not pending', greenHa(), false],
    [
      'a scored test with 3 runs → pending',
      greenHa().filter((each, i) => each.testCase !== 'vping_ssh' || i % 4 !== 0),
      true,
    ],
    [
      'an unscored test with 1 run does not make it pending',
      [...greenHa(), ...runHistory('P', { testCase: 'vims' })],
      false,
    ],
  ])('%s', (_name, runs, pending) => {
    expect(scenarioOf(verdictOf(runs))?.pending).toBe(pending);
  });

  it.each([
    ['newest run 47 h old → fresh', 47, false],
    ['newest run exactly 48 h old → fresh', 48, false],
    ['newest run 49 h old → stale', 49, true],
  ])('%s', (_name, hoursAgo, stale) => {
    expect(scenarioOf(verdictOf([testRun({ hoursAgo })]))?.stale).toBe(stale);
  });

  it('counts the runs and names the newest', () => {
    const scenario = scenarioOf(
      verdictOf([...greenHa(), testRun({ testCase: 'vims', hoursAgo: 0.5, buildTag: 'jenkins-vims-9' })]),
    );
    expect([scenario?.runCount, scenario?.newestRunAt, scenario?.lastBuildTag]).toEqual([
      13,
      AS_OF - 0.5 * HOUR,
      'jenkins-vims-9',
    ]);
  });
});

describe('buildVerdict: options of the original job', () => {
  const noha = 'os-nosdn-nofeature-noha';

  it.each([
    [false, [HA, noha]],
    [true, [HA]],
  ])('exclude_noha %s', (excludeNoha, scenarios) => {
    expect(scenarioNames(verdictOf([testRun(), testRun({ scenario: noha })], { excludeNoha }))).toEqual(
      scenarios,
    );
  });

  it.each([
    [false, 2],
    [true, 3],
  ])('exclude_virtual %s drops runs from virtual pods', (excludeVirtual, points) => {
    const runs = [
      ...runHistory('PPPP', { pod: 'lf-pod2' }),
      testRun({ pod: 'ericsson-virtual3', passed: false, hoursAgo: 0.5 }),
    ];
    expect(scenarioOf(verdictOf(runs, { excludeVirtual }))?.tests[0]?.points).toBe(points);
  });

  it('exclude_virtual drops a scenario only virtual pods ran', () => {
    expect(
      scenarioNames(verdictOf([testRun({ pod: 'ericsson-virtual3' })], { excludeVirtual: true })),
    ).toEqual([]);
  });

  it.each([
    ['split with both architectures', true, ['arm-pod1', 'lf-pod2'], ['fuel@aarch64', 'fuel@x86_64']],
    ['split with only x86 pods', true, ['lf-pod2', 'lf-pod3'], ['fuel']],
    ['split with only arm pods', true, ['arm-pod1'], ['fuel']],
    ['no split', false, ['arm-pod1', 'lf-pod2'], ['fuel']],
  ])('%s', (_name, archSplit, pods, installers) => {
    expect(
      installersOf(
        verdictOf(
          pods.map((pod) => testRun({ pod })),
          { archSplit },
        ),
      ),
    ).toEqual(installers);
  });

  it('each architecture is scored on its own runs', () => {
    const verdict = verdictOf([...greenHa({ pod: 'lf-pod2' }), ...runHistory('FFFF', { pod: 'arm-pod1' })], {
      archSplit: true,
    });
    expect(scenarioOf(verdict, HA, 'fuel@x86_64')?.score).toBe(9);
    expect(scenarioOf(verdict, HA, 'fuel@aarch64')?.score).toBe(0);
  });
});

describe('buildVerdict: order and determinism', () => {
  it('configured versions and installers first, in their order, then discovered ones sorted', () => {
    const verdict = verdictOf(
      [
        testRun({ version: 'danube', installer: 'fuel' }),
        testRun({ version: 'master', installer: 'fuel' }),
        testRun({ version: 'master', installer: 'compass' }),
        testRun({ version: 'colorado', installer: 'apex' }),
      ],
      { versions: ['master', 'colorado'], installers: ['joid', 'apex'] },
    );
    expect(
      verdict.versions.map((version) => [
        version.version,
        version.installers.map((entry) => entry.installer),
      ]),
    ).toEqual([
      ['master', ['joid', 'apex', 'compass', 'fuel']],
      ['colorado', ['joid', 'apex']],
      ['danube', ['joid', 'apex', 'fuel']],
    ]);
  });

  it('scenarios and tests sorted by name, runs oldest first', () => {
    const verdict = verdictOf([...greenHa({ scenario: 'os-b' }), ...greenHa({ scenario: 'os-a' })].reverse());
    expect(scenarioNames(verdict)).toEqual(['os-a', 'os-b']);
    const runs = scenarioOf(verdict, 'os-a')?.tests[0]?.runs.map((used) => used.startedAt) ?? [];
    expect(runs).toEqual([...runs].sort((a, b) => a - b));
  });

  it('shuffled input gives a deep-equal verdict', () => {
    const runs = [
      ...greenHa(),
      ...runHistory('PFPFPPFP', { scenario: ODL, testCase: 'vping_ssh' }),
      ...runHistory('PPF', { scenario: ODL, project: 'doctor', testCase: 'doctor', pod: 'arm-pod1' }),
      testRun({ hoursAgo: 3, buildTag: 'twin-a', passed: false }),
      testRun({ hoursAgo: 3, buildTag: 'twin-b' }),
      testRun({ version: 'colorado', installer: 'joid', scenario: 'os-x-noha' }),
    ];
    const expected = verdictOf(runs, { archSplit: true });
    let seed = 7;
    for (let round = 0; round < 5; round++) {
      const shuffled = runs
        .map((each) => {
          seed = (seed * 16807) % 2147483647;
          return { each, order: seed };
        })
        .sort((a, b) => a.order - b.order)
        .map(({ each }) => each);
      expect(verdictOf(shuffled, { archSplit: true })).toEqual(expected);
    }
  });
});

describe('buildVerdict over normalised documents', () => {
  it('mixed date formats score exactly as uniform dates', () => {
    const instants = [1, 2, 3, 4, 5].map((day) => AS_OF - day * 24 * HOUR - 1234);
    const texts = instants.map((instant) => new Date(instant).toISOString());
    const mixed: unknown[] = [
      new Date(instants[0] ?? 0),
      { $date: instants[1] },
      { $date: texts[2] },
      (texts[3] ?? '').replace('T', ' ').replace('Z', ''),
      (texts[4] ?? '').replace('Z', '+00:00'),
    ];
    const byName = new Map(criteria.testCases.map((testCase) => [testCase.name, testCase]));
    const ctx = {
      dataTimeZone: 'UTC',
      maxNameLength: 256,
      testCase: (_project: string | undefined, name: string) => byName.get(name),
    };
    const runsOf = (dates: unknown[]) =>
      dates.flatMap((start_date, i) => {
        const result = normaliseDocument(
          {
            installer: 'fuel',
            version: 'master',
            scenario: HA,
            case_name: 'healthcheck',
            criteria: i === 4 ? 'FAIL' : 'PASS',
            build_tag: `jenkins-functest-${i}`,
            start_date,
          },
          ctx,
        );
        return result.kind === 'run' ? [result.run] : [];
      });
    const uniform = runsOf(texts);
    expect(uniform).toHaveLength(5);
    expect(verdictOf(runsOf(mixed))).toEqual(verdictOf(uniform));
  });
});

describe('capScenarios', () => {
  // fuel: os-a (validated), os-b (not), os-c (validated), os-d (validated, stale) — in name order.
  const runs = [
    ...greenHa({ scenario: 'os-a' }),
    ...greenHa({ scenario: 'os-b' }).map((entry, i) => (i === 0 ? { ...entry, passed: false } : entry)),
    ...greenHa({ scenario: 'os-c' }),
    ...greenHa({ scenario: 'os-d' }).map((entry) => ({ ...entry, startedAt: entry.startedAt - 3 * DAY })),
  ];
  const whole = verdictOf(runs);
  const fuel = (verdict: Verdict) => verdict.versions[0]!.installers[0]!;

  it('keeps the first scenarios by name, and counts the left-out ones, validated ones included', () => {
    const capped = capScenarios(whole, 2);
    expect(fuel(capped).scenarios.map((entry) => entry.scenario)).toEqual(['os-a', 'os-b']);
    expect(fuel(capped)).toMatchObject({
      hiddenScenarios: 2,
      hiddenValidated: 2,
      hiddenStale: 1,
      hiddenStaleValidated: 1,
    });
    expect(installerCounts(fuel(capped))).toEqual({ validated: 3, stale: 1, total: 4, staleValidated: 1 });
    expect(installerCounts(fuel(capped))).toEqual(installerCounts(fuel(whole)));
  });

  it('leaves an installer under the limit as it is', () => {
    expect(capScenarios(whole, 4)).toEqual(whole);
  });
});
