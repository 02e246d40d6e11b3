import { describe, expect, it } from 'vitest';
import { conditionOf, type ScenarioVerdict } from '../../src/core/index.js';
import { dailyRun, scenario, testCase } from '../support/builders.js';

const twoRuns = testCase({
  name: 'vping_ssh',
  points: 2,
  runs: [dailyRun({ day: 2 }), dailyRun({ day: 1 })],
});
const noRun = testCase({ name: 'doctor', points: 0, runs: [] });
const failing = testCase({ name: 'odl', points: 1 });

describe('conditionOf', () => {
  it.each<[string, ScenarioVerdict, string, string, string]>([
    ['every point, fresh runs', scenario(), 'validated', 'ok', 'OK'],
    ['short of points', scenario({ tests: [testCase(), failing] }), 'ko', 'ko', 'KO'],
    ['a scored test ran fewer than four times', scenario({ tests: [twoRuns] }), 'pending', 'ko', 'KO'],
    [
      'a scored test never ran: missing wins over pending',
      scenario({ tests: [twoRuns, noRun], missing: ['doctor'] }),
      'missing',
      'ko',
      'KO',
    ],
    ['every point, but stale: not validated today', scenario({ stale: true }), 'stale', 'stale', 'stale'],
    [
      'stale and short of points: stale wins',
      scenario({ tests: [failing], stale: true }),
      'stale',
      'stale',
      'stale',
    ],
    ['no scored test case', scenario({ tests: [] }), 'no-data', 'info', 'no data'],
    [
      'validated before, no run since: wins over no data and stale',
      scenario({ tests: [], stale: true, notRunSince: '2016-07-01' }),
      'not-run-since',
      'stale',
      'stale',
    ],
  ])('%s', (_name, verdict, kind, tone, word) => {
    expect(conditionOf(verdict)).toMatchObject({ kind, tone, word });
  });

  it('labels a stale full score as stale, and says it was every point', () => {
    const condition = conditionOf(scenario({ stale: true }));
    expect(condition.label).toBe('stale 3/3');
    expect(condition.staleValidated).toBe(true);
    expect(conditionOf(scenario({ tests: [failing], stale: true })).staleValidated).toBe(false);
  });

  it('never lists a test with no run as pending', () => {
    const condition = conditionOf(scenario({ tests: [twoRuns, noRun], missing: ['doctor'] }));
    expect(condition.flags).toEqual(['missing: doctor', 'pending: vping_ssh']);
  });

  it('names the day of the last validation of a scenario not run since', () => {
    const condition = conditionOf(scenario({ tests: [], stale: true, notRunSince: '2016-07-01' }));
    expect(condition.flags).toEqual(['validated on 2016-07-01, not run since']);
    expect(condition.reason).toContain('2016-07-01');
  });
});
