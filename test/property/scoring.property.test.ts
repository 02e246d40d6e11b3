// Invariants of normalisation and scoring on arbitrary input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildVerdict,
  normaliseDocument,
  scoreTestCase,
  type CriteriaSet,
  type Run,
} from '../../src/core/index.js';
import { AS_OF, DAY, definition, options } from '../support/builders.js';

const criteria: CriteriaSet = {
  testCases: [
    definition({ name: 'healthcheck' }),
    definition({ name: 'vping_ssh' }),
    definition({ name: 'tempest', criteria: 'success_rate >= 90%' }),
  ],
};
const scoring = options();

/** Runs of one test case: distinct start times inside (and a little around) the window. */
const history = fc
  .uniqueArray(fc.integer({ min: -24, max: 12 * 24 }), { maxLength: 25 })
  .chain((hours) =>
    fc.tuple(
      fc.constant(hours),
      fc.array(fc.boolean(), { minLength: hours.length, maxLength: hours.length }),
    ),
  )
  .map(([hours, passes]) =>
    hours.map((hour, i): Run => ({
      version: 'colorado',
      installer: 'fuel',
      scenario: 'os-nosdn-nofeature-ha',
      project: 'functest',
      testCase: 'healthcheck',
      pod: 'lf-pod2',
      buildTag: `build-${hour}`,
      startedAt: AS_OF - hour * 3_600_000,
      passed: passes[i] ?? false,
    })),
  );

describe('normaliseDocument', () => {
  const context = {
    dataTimeZone: 'UTC',
    maxNameLength: 256,
    testCase: (project: string | undefined, name: string) =>
      criteria.testCases.find((t) => t.name === name && (project === undefined || t.project === project)),
  };
  const documentish = fc.record(
    {
      installer: fc.oneof(fc.string(), fc.constant('fuel'), fc.anything()),
      scenario: fc.oneof(fc.string(), fc.anything()),
      version: fc.oneof(fc.constant('colorado'), fc.anything()),
      case_name: fc.oneof(fc.constantFrom('healthcheck', 'tempest', 'other'), fc.anything()),
      project_name: fc.oneof(fc.constant('functest'), fc.anything()),
      start_date: fc.oneof(
        fc.date({ noInvalidDate: true }),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
        fc.record({ $date: fc.oneof(fc.string(), fc.integer(), fc.anything()) }),
        fc.anything(),
      ),
      criteria: fc.oneof(fc.constantFrom('PASS', 'FAIL', 'ok', 'KO', 'maybe'), fc.anything()),
      details: fc.oneof(
        fc.record({ success_rate: fc.oneof(fc.double(), fc.string(), fc.anything()) }),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  );

  it('never throws, and gives a run, a rejection with a reason, or ignored', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), documentish), (value) => {
        const result = normaliseDocument(value, context);
        expect(['run', 'rejected', 'ignored']).toContain(result.kind);
        if (result.kind === 'rejected') expect(result.reason.length).toBeGreaterThan(0);
        if (result.kind === 'run') {
          expect(Number.isFinite(result.run.startedAt)).toBe(true);
          expect(typeof result.run.passed).toBe('boolean');
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('scoring', () => {
  it('gives 0 to 3 points, from runs inside the window only, at most maxRuns of them', () => {
    fc.assert(
      fc.property(
        history,
        fc.constantFrom('documented', 'legacy-2016') as fc.Arbitrary<'documented' | 'legacy-2016'>,
        (runs, rule) => {
          const scored = scoreTestCase(runs, { ...scoring, rule });
          expect([0, 1, 2, 3]).toContain(scored.points);
          expect(scored.runs.length).toBeLessThanOrEqual(scoring.maxRuns);
          for (const run of scored.runs) {
            expect(run.startedAt).toBeGreaterThan(AS_OF - 10 * DAY);
            expect(run.startedAt).toBeLessThanOrEqual(AS_OF);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never lowers the points when a passing run is added as the newest (documented rule)', () => {
    // Holds even when the new run pushes the oldest out of maxRuns: the newest four can only gain a
    // pass, and the window still holds a pass (the new one).
    fc.assert(
      fc.property(history, (runs) => {
        const inside = runs.filter((run) => run.startedAt <= AS_OF);
        const newest = inside.reduce((latest, run) => Math.max(latest, run.startedAt), AS_OF - 10 * DAY);
        const added: Run = {
          ...(inside[0] ?? runs[0]!),
          startedAt: Math.min(AS_OF, newest + 1),
          buildTag: 'new',
          passed: true,
        };
        fc.pre(runs.length > 0 && !runs.some((run) => run.startedAt === added.startedAt));
        const before = scoreTestCase(runs, scoring).points;
        const after = scoreTestCase([...runs, added], scoring).points;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 2000 },
    );
  });

  const scenarioRuns = fc
    .array(
      fc.record({
        scenario: fc.constantFrom('os-a-ha', 'os-b-noha', 'os-c-ha'),
        testCase: fc.constantFrom('healthcheck', 'vping_ssh', 'tempest'),
        hour: fc.integer({ min: 0, max: 10 * 24 - 1 }),
        passed: fc.boolean(),
      }),
      { maxLength: 80 },
    )
    .map((entries) =>
      entries.map((entry, i): Run => ({
        version: 'colorado',
        installer: 'fuel',
        scenario: entry.scenario,
        project: 'functest',
        testCase: entry.testCase,
        pod: 'lf-pod2',
        buildTag: `build-${i}`,
        startedAt: AS_OF - entry.hour * 3_600_000,
        passed: entry.passed,
      })),
    );

  it('gives the same verdict whatever the order of the runs', () => {
    fc.assert(
      fc.property(
        scenarioRuns.chain((runs) =>
          fc.tuple(fc.constant(runs), fc.shuffledSubarray(runs, { minLength: runs.length })),
        ),
        ([runs, shuffled]) => {
          expect(JSON.stringify(buildVerdict(shuffled, criteria, scoring))).toBe(
            JSON.stringify(buildVerdict(runs, criteria, scoring)),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps score ≤ max, and validated exactly when every scored test has 3 points', () => {
    fc.assert(
      fc.property(scenarioRuns, (runs) => {
        for (const version of buildVerdict(runs, criteria, scoring).versions) {
          for (const installer of version.installers) {
            for (const scenario of installer.scenarios) {
              const scored = scenario.tests.filter((test) => test.scored);
              expect(scenario.score).toBeLessThanOrEqual(scenario.max);
              expect(scenario.max).toBe(3 * scored.length);
              expect(scenario.validated).toBe(scored.length > 0 && scored.every((test) => test.points === 3));
              expect(scenario.status).toBe(scenario.validated ? 'OK' : scenario.max === 0 ? 'NO_DATA' : 'KO');
            }
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
