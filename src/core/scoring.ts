// Points of one (version, installer, scenario, test case) over its recent runs (the README's points table). Each result
// carries the rule line that produced it, so a page can say why a test has 2 points.
import { compareRuns } from './collect.js';
import { reportWindow, startedInWindow } from './scope.js';
import type { Points, Run, ScoringOptions } from './model.js';

export type TestCaseScoringOptions = Pick<
  ScoringOptions,
  'asOf' | 'periodDays' | 'maxRuns' | 'rule' | 'originalLastRuns'
>;

/** The newest `count` items, still oldest first. */
function newest<T>(items: readonly T[], count: number): T[] {
  return count <= 0 ? [] : items.slice(Math.max(0, items.length - count));
}

const countPassed = (runs: readonly Run[]): number => runs.filter((run) => run.passed).length;
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Runs in the window (asOf − period, asOf], oldest first, at most maxRuns (the newest). */
export function runsInWindow(
  runs: readonly Run[],
  options: Pick<ScoringOptions, 'asOf' | 'periodDays' | 'maxRuns'>,
): Run[] {
  const window = reportWindow(options.asOf, options.periodDays);
  const inWindow = runs.filter((run) => startedInWindow(run.startedAt, window)).sort(compareRuns);
  return newest(inWindow, options.maxRuns);
}

function scoreDocumented(runs: Run[]): { points: Points; reason: string } {
  const passed = countPassed(runs);
  if (runs.length === 0) return { points: 0, reason: 'no run in the period → 0 points' };
  if (passed === 0) {
    return {
      points: 0,
      reason:
        runs.length === 1
          ? 'the only run failed → 0 points'
          : `none of the ${runs.length} runs passed → 0 points`,
    };
  }
  const last4 = newest(runs, 4);
  const passedLast4 = countPassed(last4);
  if (last4.length === 4 && passedLast4 === 4)
    return { points: 3, reason: 'the last 4 runs passed → 3 points' };
  if (passedLast4 >= 3) {
    return {
      points: 2,
      reason:
        last4.length === 4
          ? '3 of the last 4 runs passed → 2 points'
          : `all ${runs.length} runs passed, fewer than 4 → 2 points`,
    };
  }
  if (runs.length <= 4) {
    return { points: 1, reason: `${passed} of ${plural(runs.length, 'run')} passed → 1 point` };
  }
  return {
    points: 1,
    reason: `${passedLast4} of the last 4 runs passed (${passed} of ${runs.length} in the period) → 1 point`,
  };
}

/** The 2016 job's rule: only the newest `lastRuns` runs count. */
function scoreLegacy(runs: Run[]): { points: Points; reason: string } {
  const passed = countPassed(runs);
  if (runs.length === 0) return { points: 0, reason: 'no run in the period → 0 points (legacy-2016)' };
  const last = runs.length === 1 ? 'the only run' : `of the last ${runs.length} runs`;
  if (passed === 0) {
    return {
      points: 0,
      reason:
        runs.length === 1
          ? 'the only run failed → 0 points (legacy-2016)'
          : `none ${last} passed → 0 points (legacy-2016)`,
    };
  }
  if (passed === 1) {
    return {
      points: 1,
      reason:
        runs.length === 1
          ? 'the only run passed → 1 point (legacy-2016)'
          : `1 ${last} passed → 1 point (legacy-2016)`,
    };
  }
  if (runs.length >= 4 && countPassed(newest(runs, 4)) === 4) {
    return { points: 3, reason: 'the last 4 runs passed → 3 points (legacy-2016)' };
  }
  return { points: 2, reason: `${passed} ${last} passed → 2 points (legacy-2016)` };
}

/**
 * Points of one test case. `runs` in the result are the ones the rule looked at, oldest first: the newest
 * maxRuns in the window (documented rule) or the newest originalLastRuns of those (legacy-2016).
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
  if (options.rule === 'legacy-2016') {
    const last = newest(inWindow, options.originalLastRuns);
    return { ...scoreLegacy(last), runs: last };
  }
  return { ...scoreDocumented(inWindow), runs: inWindow };
}
