import { describe, expect, it } from 'vitest';
import {
  blockersOf,
  stabilityOf,
  type Run,
  type ScenarioVerdict,
  type TestCaseVerdict,
} from '../../src/core/index.js';
import { dailyRun, installer, scenario, testCase, version } from '../support/builders.js';

/** Runs one day apart, newest last: 'PPFP' is pass, pass, fail, then a pass yesterday. */
const marks = (pattern: string): Run[] =>
  [...pattern].map((mark, i) => dailyRun({ passed: mark === 'P', day: pattern.length - i }));

const test = (name: string, points: 0 | 1 | 2 | 3, pattern: string): TestCaseVerdict =>
  testCase({ name, points, runs: marks(pattern) });

const on = (name: string, tests: TestCaseVerdict[], fields: Partial<ScenarioVerdict> = {}) =>
  scenario({ scenario: name, tests: [test('vping_ssh', 3, 'PPPP'), ...tests], ...fields });

describe('blockersOf', () => {
  const colorado = version('colorado', [
    installer('apex', [
      on('os-a', [test('odl', 2, 'PPFPP')]),
      // Blocked by two tests at once: fixing either alone does not validate it.
      on('os-b', [test('odl', 1, 'PFFF'), test('doctor', 0, 'FFFF')]),
    ]),
    installer('fuel', [
      on('os-a', [test('doctor', 0, 'FFFF')]),
      on('os-c', [test('doctor', 2, 'FPPP')]),
      on('os-old', [test('tempest', 0, 'FFFF')], { stale: true }),
      on('os-d', [test('promise', 0, '')], { missing: ['promise'] }),
    ]),
  ]);

  it('ranks test cases by the pairs they alone keep from validation, then by the points they cost', () => {
    expect(blockersOf(colorado).map((b) => [b.testCase, b.alone, b.pointsCost])).toEqual([
      ['doctor', 2, 7],
      ['odl', 1, 3],
      ['promise', 1, 3],
    ]);
  });

  it('blames neither test alone for a scenario blocked by two at once', () => {
    const pairs = blockersOf(colorado).flatMap((blocker) =>
      blocker.pairs.filter((pair) => pair.scenario === 'os-b').map((pair) => [blocker.testCase, pair.alone]),
    );
    expect(pairs).toEqual([
      ['doctor', false],
      ['odl', false],
    ]);
  });

  it('leaves out stale pairs: their age blocks them, not a test case', () => {
    expect(blockersOf(colorado).map((b) => b.testCase)).not.toContain('tempest');
  });

  it('says whether a blocker is flaky, failing, missing or short of runs', () => {
    const trouble = new Map(blockersOf(colorado).map((b) => [b.testCase, b.trouble]));
    expect(trouble.get('odl')).toBe('flaky');
    expect(trouble.get('doctor')).toBe('failing');
    expect(trouble.get('promise')).toBe('missing');
    const fewRuns = version('v', [installer('apex', [on('os-a', [test('odl', 2, 'PPP')])])]);
    expect(blockersOf(fewRuns)[0]?.trouble).toBe('few-runs');
  });

  it('has nothing to say about a version where every pair is validated', () => {
    expect(blockersOf(version('v', [installer('apex', [on('os-a', [])])]))).toEqual([]);
  });
});

describe('stabilityOf', () => {
  it.each([
    ['', 0, 'no-run'],
    ['PPPP', 0, 'passing'],
    ['FFFF', 0, 'failing'],
    ['PPFF', 1, 'failing'],
    ['FFPP', 1, 'passing'],
    ['PFPP', 2, 'flaky'],
    ['PFPF', 3, 'flaky'],
  ])('%s: %i flips, %s', (pattern, flips, stability) => {
    expect(stabilityOf(marks(pattern))).toEqual({ flips, stability });
  });
});
