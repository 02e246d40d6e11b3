// Each scoring rule is one object in one map; config, the CLI and the pages read it, so a rule listed
// there is accepted everywhere and explained on every page.
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config/index.js';
import { SCORING_RULES, SCORING_RULE_IDS, type Run } from '../../src/core/index.js';
import { testRun } from '../support/builders.js';

/** A run on a day of July 2016. */
const runOnDay = (passed: boolean, day: number): Run =>
  testRun({ passed, startedAt: Date.UTC(2016, 6, day) });

describe.each(SCORING_RULE_IDS)('the %s rule', (id) => {
  const rule = SCORING_RULES[id];

  it('is listed under its own id', () => {
    expect(rule.id).toBe(id);
  });

  it('has a legend line for every number of points', () => {
    for (const points of [0, 1, 2, 3] as const) expect(rule.legend[points]).toMatch(/\w/);
  });

  it('gives 0 points without a run and 3 for four passes, each with its rule line', () => {
    expect(rule.score([])).toMatchObject({ points: 0, reason: expect.stringContaining('→ 0 points') });
    const four = [1, 2, 3, 4].map((day) => runOnDay(true, day));
    expect(rule.score(rule.runsLookedAt(four, { originalLastRuns: 4 }))).toMatchObject({ points: 3 });
  });

  it('is accepted by the configuration', () => {
    expect(configFromEnv({ SCENARIO_REPORT_SCORING_RULE: id }).get('rule')).toBe(id);
  });
});

describe('the map of rules', () => {
  it('is what the configuration refuses an unknown rule with', () => {
    expect(() => configFromEnv({ SCENARIO_REPORT_SCORING_RULE: 'best' })).toThrow(
      SCORING_RULE_IDS.join(' or '),
    );
  });

  it('legacy-2016 looks at the newest originalLastRuns runs only', () => {
    const runs = [1, 2, 3, 4, 5, 6].map((day) => runOnDay(day > 2, day));
    expect(SCORING_RULES['legacy-2016'].runsLookedAt(runs, { originalLastRuns: 4 })).toEqual(runs.slice(2));
    expect(SCORING_RULES.documented.runsLookedAt(runs, { originalLastRuns: 4 })).toEqual(runs);
  });
});
