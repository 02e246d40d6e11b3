import { describe, expect, it } from 'vitest';
import {
  annotateVerdict,
  computeChanges,
  emptyState,
  recordVerdict,
  type Points,
  type ReportState,
  type ScenarioStatus,
  type ScenarioVerdict,
  type Verdict,
} from '../../src/core/index.js';

const dayOf = (day: string) => Date.parse(`${day}T23:59:59Z`);

function scenario(name: string, points: Points[], extra: Partial<ScenarioVerdict> = {}): ScenarioVerdict {
  const score = points.reduce<number>((sum, p) => sum + p, 0);
  const max = points.length * 3;
  const validated = max > 0 && score === max;
  const status: ScenarioStatus = max === 0 ? 'NO_DATA' : validated ? 'OK' : 'KO';
  return {
    scenario: name,
    score,
    max,
    percent: max === 0 ? 0 : Math.round((score / max) * 1000) / 10,
    status,
    validated,
    pending: false,
    stale: false,
    missing: [],
    runCount: points.length * 4,
    builds: 4,
    newestRunAt: null,
    lastBuildTag: null,
    tests: points.map((p, i) => ({
      name: `test${i}`,
      project: 'functest',
      tier: 'smoke',
      scored: true,
      points: p,
      reason: '',
      runs: [],
    })),
    ...extra,
  };
}

function verdict(day: string, installers: Record<string, ScenarioVerdict[]>, version = 'colorado'): Verdict {
  return {
    asOf: dayOf(day),
    periodDays: 10,
    rule: 'documented',
    versions: [
      {
        version,
        installers: Object.entries(installers).map(([installer, scenarios]) => ({ installer, scenarios })),
      },
    ],
  };
}

const record = (state: ReportState, day: string, v: Verdict, retentionDays = 400) =>
  recordVerdict(state, v, { day, retentionDays, lastRun: null });

describe('recordVerdict', () => {
  it('replaces a day on a rerun instead of adding to it', () => {
    const once = record(emptyState(), '2016-07-10', verdict('2016-07-10', { fuel: [scenario('a', [3, 3])] }));
    const twice = record(once, '2016-07-10', verdict('2016-07-10', { fuel: [scenario('a', [3, 3])] }));
    expect(twice).toEqual(once);
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
  });

  it('gives the same state whatever order the days are recorded in (backfill)', () => {
    const day1 = verdict('2016-07-10', { fuel: [scenario('a', [3, 3]), scenario('b', [2, 3])] });
    const day2 = verdict('2016-07-11', { fuel: [scenario('a', [3, 2]), scenario('b', [3, 3])] });
    const inOrder = record(record(emptyState(), '2016-07-10', day1), '2016-07-11', day2);
    const backfilled = record(record(emptyState(), '2016-07-11', day2), '2016-07-10', day1);
    expect(JSON.stringify(backfilled)).toBe(JSON.stringify(inOrder));
  });

  it('derives validated records from the OK days', () => {
    let state = emptyState();
    for (const [day, points] of [
      ['2016-07-01', [3, 3]],
      ['2016-07-02', [3, 2]],
      ['2016-07-03', [3, 3]],
    ] as const) {
      state = record(state, day, verdict(day, { fuel: [scenario('a', [...points])] }));
    }
    expect(state.validated.colorado?.fuel?.a).toEqual({
      firstValidated: '2016-07-01',
      lastValidated: '2016-07-03',
      validatedDays: 2,
    });
  });

  it('prunes days beyond the retention but never forgets a validation', () => {
    let state = record(emptyState(), '2016-01-01', verdict('2016-01-01', { fuel: [scenario('old', [3])] }));
    state = record(state, '2016-07-01', verdict('2016-07-01', { fuel: [scenario('new', [1])] }), 30);
    expect(state.history.colorado?.fuel?.old).toBeUndefined();
    expect(state.validated.colorado?.fuel?.old).toEqual({
      firstValidated: '2016-01-01',
      lastValidated: '2016-01-01',
      validatedDays: 1,
    });
  });

  it('keeps other installers when a run is scoped to one', () => {
    const full = record(
      emptyState(),
      '2016-07-10',
      verdict('2016-07-10', { apex: [scenario('a', [3])], fuel: [scenario('b', [3])] }),
    );
    const scoped = recordVerdict(full, verdict('2016-07-10', { fuel: [scenario('b', [1])] }), {
      day: '2016-07-10',
      retentionDays: 400,
      lastRun: null,
      scope: { installers: ['fuel'] },
    });
    expect(scoped.history.colorado?.apex?.a?.['2016-07-10']?.score).toBe(3);
    expect(scoped.history.colorado?.fuel?.b?.['2016-07-10']?.score).toBe(1);
  });

  it('keeps the runs behind each test points for what changed', () => {
    const withRuns = scenario('a', [2]);
    withRuns.tests[0]!.runs = [true, true, false, true].map((passed, i) => ({
      version: 'colorado',
      installer: 'fuel',
      scenario: 'a',
      project: 'functest',
      testCase: 'test0',
      pod: 'pod',
      buildTag: '',
      startedAt: i,
      passed,
    }));
    const state = record(emptyState(), '2016-07-10', verdict('2016-07-10', { fuel: [withRuns] }));
    expect(state.history.colorado?.fuel?.a?.['2016-07-10']?.testRuns).toEqual({ test0: 'PPFP' });
  });
});

describe('annotateVerdict', () => {
  it('lists a scenario validated three weeks ago and not run since, as stale', () => {
    const old = record(
      emptyState(),
      '2016-06-20',
      verdict('2016-06-20', { fuel: [scenario('gone', [3, 3])] }),
    );
    const today = verdict('2016-07-11', { fuel: [scenario('here', [3, 3])] });
    const state = record(old, '2016-07-11', today);
    const annotated = annotateVerdict(today, state, { day: '2016-07-11', trendDays: 30 });
    const gone = annotated.versions[0]?.installers[0]?.scenarios.find((s) => s.scenario === 'gone');
    expect(gone).toMatchObject({
      notRunSince: '2016-06-20',
      stale: true,
      validated: false,
      status: 'NO_DATA',
    });
    expect(annotated.versions[0]?.installers[0]?.scenarios.map((s) => s.scenario)).toEqual(['gone', 'here']);
  });

  it('gives validated-since as the start of the current validated streak and a daily trend', () => {
    let state = emptyState();
    const days: [string, Points[]][] = [
      ['2016-07-01', [3, 3]],
      ['2016-07-02', [2, 3]],
      ['2016-07-03', [3, 3]],
      ['2016-07-04', [3, 3]],
    ];
    for (const [day, points] of days)
      state = record(state, day, verdict(day, { fuel: [scenario('a', points)] }));
    const today = verdict('2016-07-04', { fuel: [scenario('a', [3, 3])] });
    const annotated = annotateVerdict(today, state, { day: '2016-07-04', trendDays: 3 });
    expect(annotated.versions[0]?.installers[0]?.scenarios[0]).toMatchObject({
      validatedSince: '2016-07-03',
      trend: [83.3, 100, 100],
    });
  });

  it('does not show a validation that only happened after the report day (backfill)', () => {
    const later = record(emptyState(), '2016-07-20', verdict('2016-07-20', { fuel: [scenario('a', [3])] }));
    const earlier = verdict('2016-07-10', { fuel: [] });
    const annotated = annotateVerdict(earlier, later, { day: '2016-07-10', trendDays: 30 });
    expect(annotated.versions[0]?.installers[0]?.scenarios).toEqual([]);
  });
});

describe('computeChanges', () => {
  const threeDays = () => {
    let state = emptyState();
    state = record(
      state,
      '2016-07-01',
      verdict('2016-07-01', {
        fuel: [scenario('loses', [3, 3]), scenario('gains', [3, 2]), scenario('goes-stale', [3, 3])],
      }),
    );
    state = record(
      state,
      '2016-07-02',
      verdict('2016-07-02', {
        fuel: [scenario('loses', [3, 3]), scenario('gains', [3, 2]), scenario('goes-stale', [3, 3])],
      }),
    );
    state = record(
      state,
      '2016-07-03',
      verdict('2016-07-03', {
        fuel: [
          scenario('loses', [3, 1]),
          scenario('gains', [3, 3]),
          scenario('goes-stale', [3, 3], { stale: true }),
          scenario('new-one', [1]),
        ],
      }),
    );
    return state;
  };

  it('finds lost and gained validation, moved points, staleness and new scenarios', () => {
    const [colorado] = computeChanges(threeDays().history, {
      versions: ['colorado'],
      upToDay: '2016-07-03',
      days: 30,
    });
    expect(colorado?.days.map((d) => d.day)).toEqual(['2016-07-03']);
    const kinds = colorado?.days[0]?.changes.map(
      (c) => `${c.scenario}:${c.kind}${c.test ? `:${c.test}` : ''}`,
    );
    expect(kinds).toEqual([
      'gains:validated',
      'gains:points:test1',
      'goes-stale:stale',
      'loses:lost-validation',
      'loses:points:test1',
      'new-one:new',
    ]);
    expect(colorado?.days[0]?.previousDay).toBe('2016-07-02');
  });

  it('has no entry for a quiet day and none twice for a day recorded twice', () => {
    const state = threeDays();
    const again = record(
      state,
      '2016-07-03',
      verdict('2016-07-03', {
        fuel: [
          scenario('loses', [3, 1]),
          scenario('gains', [3, 3]),
          scenario('goes-stale', [3, 3], { stale: true }),
          scenario('new-one', [1]),
        ],
      }),
    );
    const changes = computeChanges(again.history, {
      versions: ['colorado'],
      upToDay: '2016-07-03',
      days: 30,
    });
    expect(changes[0]?.days.map((d) => d.day)).toEqual(['2016-07-03']);
    expect(changes).toEqual(
      computeChanges(state.history, { versions: ['colorado'], upToDay: '2016-07-03', days: 30 }),
    );
  });

  it('only looks at the last N report days', () => {
    const changes = computeChanges(threeDays().history, {
      versions: ['colorado'],
      upToDay: '2016-07-02',
      days: 30,
    });
    expect(changes[0]?.days).toEqual([]);
  });
});
