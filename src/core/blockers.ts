// What blocks validation: the release manager's to-do list. A test case "alone" keeps an (installer,
// scenario) pair from validation when it is the only scored test short of 3 points there: fixing it
// validates the pair. A pair short on two tests is blocked by both, by neither alone.
import { compareText } from './names.js';
import { conditionOf } from './condition.js';
import { stabilityOf, type Stability } from './flips.js';
import type { TestCaseVerdict, VersionVerdict } from './model.js';

/** Why a test case costs points on one pair: it never ran, it fails, it flips, or it has too few runs. */
export type Trouble = 'missing' | 'failing' | 'flaky' | 'few-runs' | 'recovering';

export interface BlockedPair {
  installer: string;
  scenario: string;
  points: number;
  /** The only scored test case short of 3 points on this pair. */
  alone: boolean;
  trouble: Trouble;
  flips: number;
}

export interface Blocker {
  testCase: string;
  project: string;
  /** Pairs that this test case alone keeps from validation. */
  alone: number;
  /** Points it costs over every pair it blocks (3 − points on each). */
  pointsCost: number;
  /** The commonest trouble over its pairs: whether to look for a flake or a breakage. */
  trouble: Trouble;
  /** Installer order of the version, then scenario name. */
  pairs: BlockedPair[];
}

/** Conditions a test case can be blamed for: a stale pair is blocked by its age, a no-data one by nothing. */
const BLOCKABLE = new Set(['ko', 'missing', 'pending']);

/** Ties between troubles break in this order: the most actionable first. */
const TROUBLE_ORDER: readonly Trouble[] = ['flaky', 'failing', 'missing', 'few-runs', 'recovering'];

function troubleOf(test: TestCaseVerdict, stability: Stability): Trouble {
  if (stability === 'no-run') return 'missing';
  if (stability === 'flaky' || stability === 'failing') return stability;
  return test.runs.length < 4 ? 'few-runs' : 'recovering';
}

function commonestTrouble(pairs: readonly BlockedPair[]): Trouble {
  const counts = new Map<Trouble, number>();
  for (const pair of pairs) counts.set(pair.trouble, (counts.get(pair.trouble) ?? 0) + 1);
  return [...TROUBLE_ORDER].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0] ?? 'failing';
}

/**
 * The test cases that keep pairs of this version from validation, ranked by how many pairs they alone
 * keep from it, then by the points they cost, then by name.
 */
export function blockersOf(version: VersionVerdict): Blocker[] {
  const byTest = new Map<string, { testCase: string; project: string; pairs: BlockedPair[] }>();
  for (const installer of version.installers) {
    for (const scenario of installer.scenarios) {
      if (!BLOCKABLE.has(conditionOf(scenario).kind)) continue;
      const short = scenario.tests.filter((test) => test.scored && test.points < 3);
      for (const test of short) {
        const key = `${test.project}\u0000${test.name}`;
        let entry = byTest.get(key);
        if (entry === undefined) {
          entry = { testCase: test.name, project: test.project, pairs: [] };
          byTest.set(key, entry);
        }
        const { flips, stability } = stabilityOf(test.runs);
        entry.pairs.push({
          installer: installer.installer,
          scenario: scenario.scenario,
          points: test.points,
          alone: short.length === 1,
          trouble: troubleOf(test, stability),
          flips,
        });
      }
    }
  }
  return [...byTest.values()]
    .map((entry) => ({
      ...entry,
      alone: entry.pairs.filter((pair) => pair.alone).length,
      pointsCost: entry.pairs.reduce((sum, pair) => sum + 3 - pair.points, 0),
      trouble: commonestTrouble(entry.pairs),
    }))
    .sort(
      (a, b) =>
        b.alone - a.alone ||
        b.pointsCost - a.pointsCost ||
        compareText(a.testCase, b.testCase) ||
        compareText(a.project, b.project),
    );
}
