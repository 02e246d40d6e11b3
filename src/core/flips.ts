// Flaky or broken: a test case that keeps changing between pass and fail needs another fix than one
// that broke and stays broken. Like TestGrid's flip analysis, we count flips between consecutive runs;
// unlike it, over the runs the verdict scored (the window), never the clock.
import { memoisedWeakly } from './memo.js';
import type { Run } from './model.js';

/**
 * `flaky`   — at least FLAKY_FLIPS changes between pass and fail: it fails and recovers by itself;
 * `failing` — its newest run failed, and it did not flip back and forth (broke once, or never passed);
 * `passing` — its newest run passed, with at most one flip (a fix that held);
 * `no-run`  — no run in the window.
 */
export type Stability = 'flaky' | 'failing' | 'passing' | 'no-run';

export interface TestStability {
  /** Changes between pass and fail from one run to the next, oldest to newest. */
  flips: number;
  stability: Stability;
}

/** Two flips: it went one way and came back at least once, which one breakage followed by a fix is not. */
export const FLAKY_FLIPS = 2;

/**
 * Each test case's runs are asked for their stability by several pages and status.json (a million runs
 * visited five times over at full scale): the answer is kept with the list of runs, which a verdict
 * never changes once it is built.
 */
export const stabilityOf: (runs: readonly Run[]) => TestStability = memoisedWeakly(stabilityOfRuns);

function stabilityOfRuns(runs: readonly Run[]): TestStability {
  let flips = 0;
  for (let i = 1; i < runs.length; i++) if (runs[i]?.passed !== runs[i - 1]?.passed) flips++;
  const newest = runs[runs.length - 1];
  if (newest === undefined) return { flips, stability: 'no-run' };
  if (flips >= FLAKY_FLIPS) return { flips, stability: 'flaky' };
  return { flips, stability: newest.passed ? 'passing' : 'failing' };
}
