// Each scoring rule is one object: its id, the runs it looks at, its score function and its legend. The
// config (which ids it accepts), the CLI (the --rule choices) and the pages (the legend) all read
// SCORING_RULES, so a rule is added here and nowhere else (docs/ARCHITECTURE.md, "How to add…").
import type { Points, Run, ScoringOptions, ScoringRule } from './model.js';

export interface ScoringRuleDefinition {
  id: ScoringRule;
  /** The runs it scores, from a test case's runs in the window (oldest first, at most maxRuns). */
  runsLookedAt(inWindow: Run[], options: Pick<ScoringOptions, 'originalLastRuns'>): Run[];
  /** Points of those runs, with the rule line every points cell shows. */
  score(runs: readonly Run[]): { points: Points; reason: string };
  /** What each number of points means, for the legend of every page. */
  legend: Record<Points, string>;
}

/** The newest `count` items, still oldest first. */
export function newest<T>(items: readonly T[], count: number): T[] {
  return count <= 0 ? [] : items.slice(Math.max(0, items.length - count));
}

const countPassed = (runs: readonly Run[]): number => runs.filter((run) => run.passed).length;
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Points with their rule line, which names "the only run" when a single run was scored. */
function scored(
  points: Points,
  runs: readonly Run[],
  lines: { onlyRun: string; otherwise: string },
): { points: Points; reason: string } {
  return { points, reason: runs.length === 1 ? lines.onlyRun : lines.otherwise };
}

/** The README's points table: 3 for the last four passed, 2 for three of them, 1 for any pass. */
const documented: ScoringRuleDefinition = {
  id: 'documented',
  runsLookedAt: (inWindow) => inWindow,
  score(runs) {
    const passed = countPassed(runs);
    if (runs.length === 0) return { points: 0, reason: 'no run in the period → 0 points' };
    if (passed === 0) {
      return scored(0, runs, {
        onlyRun: 'the only run failed → 0 points',
        otherwise: `none of the ${runs.length} runs passed → 0 points`,
      });
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
  },
  legend: {
    3: 'at least four runs in the period and the last four passed',
    2: 'three of the last four runs passed',
    1: 'passed at least once in the period',
    0: 'no run passed, or no run at all',
  },
};

/** The 2016 job's rule: only the newest `originalLastRuns` runs count, and two passes already give 2. */
const legacy2016: ScoringRuleDefinition = {
  id: 'legacy-2016',
  runsLookedAt: (inWindow, options) => newest(inWindow, options.originalLastRuns),
  score(runs) {
    const passed = countPassed(runs);
    if (runs.length === 0) return { points: 0, reason: 'no run in the period → 0 points (legacy-2016)' };
    const last = runs.length === 1 ? 'the only run' : `of the last ${runs.length} runs`;
    if (passed === 0) {
      return scored(0, runs, {
        onlyRun: 'the only run failed → 0 points (legacy-2016)',
        otherwise: `none ${last} passed → 0 points (legacy-2016)`,
      });
    }
    if (passed === 1) {
      return scored(1, runs, {
        onlyRun: 'the only run passed → 1 point (legacy-2016)',
        otherwise: `1 ${last} passed → 1 point (legacy-2016)`,
      });
    }
    if (runs.length >= 4 && countPassed(newest(runs, 4)) === 4) {
      return { points: 3, reason: 'the last 4 runs passed → 3 points (legacy-2016)' };
    }
    return { points: 2, reason: `${passed} ${last} passed → 2 points (legacy-2016)` };
  },
  legend: {
    3: 'at least four runs and the newest four passed',
    2: 'passed at least twice, but not the newest four',
    1: 'passed exactly once',
    0: 'no run passed, or no run at all',
  },
};

/** Every scoring rule by id: the type makes sure each id of ScoringRule has its object. */
export const SCORING_RULES: Readonly<Record<ScoringRule, ScoringRuleDefinition>> = {
  documented,
  'legacy-2016': legacy2016,
};

/** The ids config and the CLI accept, in the order they are listed. */
export const SCORING_RULE_IDS = Object.keys(SCORING_RULES) as ScoringRule[];
