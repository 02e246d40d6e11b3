// Points of one (version, installer, scenario, test case) over its recent runs, by the configured rule
// (core/scoring-rules.ts). Each result carries the rule line that produced it, so a page can say why a
// test has 2 points.
import { compareRuns } from './collect.js';
import { reportWindow, startedInWindow } from './scope.js';
import type { Points, Run, ScoringOptions } from './model.js';
import { SCORING_RULES, newest } from './scoring-rules.js';

export type TestCaseScoringOptions = Pick<
  ScoringOptions,
  'asOf' | 'periodDays' | 'maxRuns' | 'rule' | 'originalLastRuns'
>;

/** Runs in the window (asOf − period, asOf], oldest first, at most maxRuns (the newest). */
export function runsInWindow(
  runs: readonly Run[],
  options: Pick<ScoringOptions, 'asOf' | 'periodDays' | 'maxRuns'>,
): Run[] {
  const window = reportWindow(options.asOf, options.periodDays);
  const inWindow = runs.filter((run) => startedInWindow(run.startedAt, window)).sort(compareRuns);
  return newest(inWindow, options.maxRuns);
}

/**
 * Points of one test case. `runs` in the result are the ones the rule looked at, oldest first: the newest
 * maxRuns in the window, or as many of those as the rule looks at (legacy-2016: originalLastRuns).
 */
export function scoreTestCase(
  runs: readonly Run[],
  options: TestCaseScoringOptions,
): { points: Points; reason: string; runs: Run[] } {
  return scoreRunsInWindow(runsInWindow(runs, options), options);
}

/** scoreTestCase for runs already passed through runsInWindow, so a caller that needs them too sorts once. */
export function scoreRunsInWindow(
  inWindow: Run[],
  options: Pick<ScoringOptions, 'rule' | 'originalLastRuns'>,
): { points: Points; reason: string; runs: Run[] } {
  const rule = SCORING_RULES[options.rule];
  const runs = rule.runsLookedAt(inWindow, options);
  return { ...rule.score(runs), runs };
}
