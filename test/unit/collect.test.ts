import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RunCollector,
  architectureOf,
  compareRuns,
  newDocumentStats,
  reportWindow,
  sameRun,
} from '../../src/core/index.js';
import type { Run } from '../../src/core/index.js';
import { AS_OF, DAY, testRun } from '../support/builders.js';

function collector(fields: Partial<{ maxRuns: number; byArchitecture: boolean }> = {}): RunCollector {
  return new RunCollector({ ...reportWindow(AS_OF, 10), maxRuns: 4, byArchitecture: false, ...fields });
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('reportWindow', () => {
  it('is (asOf − period days, asOf]', () => {
    expect(reportWindow(AS_OF, 10)).toEqual({ from: AS_OF - 10 * DAY, to: AS_OF });
  });
});

describe('architectureOf', () => {
  it.each([
    ['arm-pod1', 'aarch64'],
    ['ARM-POD2', 'aarch64'],
    ['lf-pod2', 'x86_64'],
    ['ericsson-virtual3', 'x86_64'],
    ['', 'x86_64'],
  ])('%s → %s', (pod, architecture) => {
    expect(architectureOf(pod)).toBe(architecture);
  });
});

describe('RunCollector', () => {
  it.each([
    ['exactly at the window start is out', AS_OF - 10 * DAY, false],
    ['just after the window start is in', AS_OF - 10 * DAY + 1, true],
    ['exactly at asOf is in', AS_OF, true],
    ['after asOf is out', AS_OF + 1, false],
  ])('%s', (_name, startedAt, kept) => {
    const runs = collector();
    expect(runs.add(testRun({ startedAt }))).toBe(kept);
    expect(runs.runs()).toHaveLength(kept ? 1 : 0);
  });

  it('keeps the newest maxRuns per test case, oldest first', () => {
    const runs = collector();
    const all = [1, 2, 3, 4, 5, 6].map((day) => testRun({ hoursAgo: day * 24 }));
    for (const each of all) runs.add(each);
    expect(runs.runs().map((kept) => kept.startedAt)).toEqual([4, 3, 2, 1].map((day) => AS_OF - day * DAY));
    expect(runs.dropped).toEqual({
      outsideWindow: 0,
      beyondMaxRuns: 2,
      beyondLimits: { versions: 0, installers: 0 },
      duplicates: 0,
    });
  });

  it('keeps groups apart by version, installer, scenario, project and test case', () => {
    const runs = collector({ maxRuns: 1 });
    const distinct: Run[] = [
      testRun(),
      testRun({ version: 'colorado' }),
      testRun({ installer: 'apex' }),
      testRun({ scenario: 'os-odl_l2-nofeature-ha' }),
      testRun({ project: 'promise' }),
      testRun({ testCase: 'vping_ssh' }),
    ];
    for (const each of distinct) runs.add(each);
    expect(runs.runs()).toHaveLength(distinct.length);
  });

  it('splits by architecture only when asked', () => {
    const pair = [testRun({ pod: 'arm-pod1', hoursAgo: 2 }), testRun({ pod: 'lf-pod2', hoursAgo: 1 })];
    const mixed = collector({ maxRuns: 1 });
    const split = collector({ maxRuns: 1, byArchitecture: true });
    for (const each of pair) {
      mixed.add(each);
      split.add(each);
    }
    expect(mixed.runs().map((kept) => kept.pod)).toEqual(['lf-pod2']);
    expect(split.runs()).toHaveLength(2);
  });

  it('gives the same runs whatever order they arrive in', () => {
    const all = [
      ...[...Array(8).keys()].map((i) => testRun({ hoursAgo: i * 7 + 1, passed: i % 3 !== 0 })),
      ...[...Array(8).keys()].map((i) => testRun({ hoursAgo: i * 5 + 2, testCase: 'vping_ssh' })),
      testRun({ hoursAgo: 1, buildTag: 'same-time-other-build' }),
      testRun({ hoursAgo: 300 }),
    ];
    const collected = (order: Run[]) => {
      const runs = collector();
      for (const each of order) runs.add(each);
      return runs.runs();
    };
    const expected = collected(all);
    for (const seed of [1, 2, 3, 4, 5]) expect(collected(shuffled(all, seed))).toEqual(expected);
    expect(expected.every((kept) => kept.startedAt > AS_OF - 10 * DAY)).toBe(true);
    expect(expected.length).toBe(8);
  });

  it('keeps a run read twice once, counting the copy as a duplicate, so it cannot push an older run out', () => {
    const runs = collector();
    const all = [1, 2, 3, 4].map((day) => testRun({ hoursAgo: day * 24 }));
    for (const each of [...all, { ...(all[0] as Run) }, { ...(all[0] as Run) }]) runs.add(each);
    expect(runs.runs()).toEqual([...all].reverse());
    expect(runs.dropped).toMatchObject({ duplicates: 2, beyondMaxRuns: 0 });
  });

  it('tells runs apart by pod, build tag and start, and nothing else of their identity in a group', () => {
    const runs = collector();
    const one = testRun();
    for (const each of [
      one,
      testRun({ pod: 'lf-pod1' }),
      testRun({ buildTag: 'other-build' }),
      testRun({ hoursAgo: 2 }),
    ])
      runs.add(each);
    runs.add({ ...one, passed: false, failureNote: 'a copy that says otherwise' });
    expect(runs.runs()).toHaveLength(4);
    expect(runs.dropped.duplicates).toBe(1);
  });

  it('counts the copies of a run pushed out beyond maxRuns there, not as duplicates', () => {
    const runs = collector({ maxRuns: 1 });
    const older = testRun({ hoursAgo: 48 });
    runs.add(older);
    runs.add({ ...older });
    runs.add(testRun({ hoursAgo: 1 }));
    runs.add({ ...older });
    expect(runs.dropped).toMatchObject({ duplicates: 0, beyondMaxRuns: 3 });
  });

  it('gives the same runs and counts whatever order copies arrive in, the copy that differs included', () => {
    const distinct = [1, 2, 3, 4, 5, 6].map((day) => testRun({ hoursAgo: day * 24 - 3 }));
    const copies = [
      { ...(distinct[0] as Run) },
      { ...(distinct[0] as Run), passed: false },
      { ...(distinct[3] as Run) },
      { ...(distinct[5] as Run) },
    ];
    const collected = (order: Run[]) => {
      const runs = collector();
      for (const each of order) runs.add(each);
      return { runs: runs.runs(), dropped: runs.dropped };
    };
    const expected = collected([...distinct, ...copies]);
    expect(expected.dropped).toMatchObject({ duplicates: 3, beyondMaxRuns: 3 });
    for (const seed of [1, 2, 3, 4, 5, 6, 7])
      expect(collected(shuffled([...distinct, ...copies], seed))).toEqual(expected);
  });

  it('keeps, for any runs in any order, the newest maxRuns of each test case, each as its latest copy', () => {
    // Few starts, builds, pods and results, so that copies, ties on the start and full groups are common.
    const run = fc
      .record({
        testCase: fc.constantFrom('healthcheck', 'vping_ssh'),
        hoursAgo: fc.integer({ min: 1, max: 6 }),
        buildTag: fc.constantFrom('b1', 'b2'),
        pod: fc.constantFrom('lf-pod1', 'lf-pod2'),
        passed: fc.boolean(),
        failureNote: fc.constantFrom(undefined, 'x', 'y'),
      })
      .map(({ failureNote, passed, ...fields }) =>
        testRun({ ...fields, passed, ...(passed || failureNote === undefined ? {} : { failureNote }) }),
      );
    fc.assert(
      fc.property(
        fc
          .array(run, { maxLength: 40 })
          .chain((runs) =>
            fc.tuple(
              fc.constant(runs),
              fc.shuffledSubarray(runs, { minLength: runs.length }),
              fc.integer({ min: 1, max: 5 }),
            ),
          ),
        ([runs, order, maxRuns]) => {
          const runsCollector = collector({ maxRuns });
          for (const each of order) runsCollector.add(each);
          // The model: per test case, each run once (its latest copy in compareRuns order), the newest
          // maxRuns of them kept, oldest first; the other copies of a kept run are duplicates, and every
          // document of a run left out is beyond maxRuns.
          const expected: Run[] = [];
          let duplicates = 0;
          let beyondMaxRuns = 0;
          for (const testCase of ['healthcheck', 'vping_ssh']) {
            const distinct: { run: Run; documents: number }[] = [];
            for (const each of runs.filter((r) => r.testCase === testCase)) {
              const same = distinct.find((entry) => sameRun(entry.run, each));
              if (same === undefined) distinct.push({ run: each, documents: 1 });
              else {
                same.documents++;
                if (compareRuns(each, same.run) > 0) same.run = each;
              }
            }
            distinct.sort((a, b) => compareRuns(a.run, b.run));
            const kept = distinct.slice(Math.max(0, distinct.length - maxRuns));
            for (const entry of distinct.slice(0, distinct.length - kept.length))
              beyondMaxRuns += entry.documents;
            for (const entry of kept) duplicates += entry.documents - 1;
            expected.push(...kept.map((entry) => entry.run));
          }
          expect(runsCollector.runs()).toEqual(expected);
          expect(runsCollector.dropped).toMatchObject({ duplicates, beyondMaxRuns, outsideWindow: 0 });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts runs outside the window', () => {
    const runs = collector();
    runs.add(testRun({ hoursAgo: 11 * 24 }));
    runs.add(testRun({ hoursAgo: -1 }));
    expect(runs.dropped.outsideWindow).toBe(2);
  });
});

describe('newDocumentStats', () => {
  it('starts every count at zero, in a fresh object each time', () => {
    const stats = newDocumentStats();
    expect(stats).toEqual({
      read: 0,
      used: 0,
      rejected: 0,
      rejectedReasons: {},
      failedReasons: {},
      duplicates: 0,
      outsideWindow: 0,
      beyondMaxRuns: 0,
      beyondLimits: 0,
      excluded: 0,
      notInCriteria: 0,
      notAskedFor: 0,
    });
    stats.rejectedReasons['no scenario'] = 1;
    expect(newDocumentStats().rejectedReasons).toEqual({});
  });
});

describe('RunCollector limits', () => {
  const limited = () =>
    new RunCollector({
      ...reportWindow(AS_OF, 10),
      maxRuns: 4,
      byArchitecture: false,
      limits: { versions: 2, installers: 3 },
    });
  const runs = ['master', 'danube', 'colorado', 'euphrates'].flatMap((version) =>
    ['fuel', 'apex', 'joid', 'compass', '__proto__'].flatMap((installer) =>
      [1, 2].map((hoursAgo) => testRun({ version, installer, hoursAgo })),
    ),
  );

  it.each([1, 2, 3])(
    'keep the first names in code-unit order whatever order runs come in (seed %i)',
    (seed) => {
      const collected = limited();
      for (const entry of shuffled(runs, seed)) collected.add(entry);
      const kept = new Set(collected.runs().map((entry) => `${entry.version}/${entry.installer}`));
      expect([...kept].sort()).toEqual([
        'colorado/__proto__',
        'colorado/apex',
        'colorado/compass',
        'danube/__proto__',
        'danube/apex',
        'danube/compass',
      ]);
      expect(collected.runs()).toHaveLength(12);
      // Everything not kept is counted, whichever bound pushed it out.
      const { versions, installers } = collected.dropped.beyondLimits;
      expect(versions + installers).toBe(runs.length - 12);
    },
  );
});
