// A scenario's condition, decided once: the verdict table, the pages, the badges and status.json all
// print what this module says, so they cannot disagree on whether a stale 21/21 is "OK".
import type { ScenarioVerdict } from './model.js';

/**
 * What a release manager must know first about a scenario on one installer, in this order of
 * precedence (the first that holds wins):
 *
 * 1. `not-run-since` — validated on an earlier report day, no run in the window at all;
 * 2. `no-data`       — no scored test case ran: nothing to judge;
 * 3. `stale`         — its newest run is older than `staleHours`: whatever the score, it is old news,
 *                      so a stale full score is not a validation today;
 * 4. `validated`     — every point of its scored test cases;
 * 5. `missing`       — a scored test case has no run in the window (it can only be 0 points);
 * 6. `pending`       — a scored test case has fewer than four runs, so it cannot reach 3 points yet;
 * 7. `ko`            — short of points for any other reason.
 *
 * `missing` and `pending` never hold for the same test case: pending needs at least one run.
 */
export type ConditionKind =
  'not-run-since' | 'no-data' | 'stale' | 'validated' | 'missing' | 'pending' | 'ko';

/** The one colour scale of every page, badge and bar. */
export type Tone = 'ok' | 'ko' | 'stale' | 'info';

export interface Condition {
  kind: ConditionKind;
  tone: Tone;
  /** The status word of a table cell: OK, KO, stale or no data (the score has its own column). */
  word: 'OK' | 'KO' | 'stale' | 'no data';
  /** A word or two for a badge or a matrix cell: "validated", "stale 21/21", "KO 12/21". */
  label: string;
  /** The condition as a sentence, for a tooltip or a terminal note. */
  reason: string;
  /** Stale with every point: shown as stale, counted apart from the validated ones. */
  staleValidated: boolean;
  /** What else holds, most important first, for the notes beside the status word. */
  flags: string[];
}

const WORDS: Record<Tone, Condition['word']> = { ok: 'OK', ko: 'KO', stale: 'stale', info: 'no data' };

const TONES: Record<ConditionKind, Tone> = {
  'not-run-since': 'stale',
  'no-data': 'info',
  stale: 'stale',
  validated: 'ok',
  missing: 'ko',
  pending: 'ko',
  ko: 'ko',
};

/** Scored test cases with one to three runs in the window: they cannot reach 3 points yet. */
export function pendingTests(scenario: ScenarioVerdict): string[] {
  return scenario.tests
    .filter((test) => test.scored && test.runs.length > 0 && test.runs.length < 4)
    .map((test) => test.name);
}

function kindOf(scenario: ScenarioVerdict, pending: readonly string[]): ConditionKind {
  if (scenario.notRunSince) return 'not-run-since';
  if (scenario.max === 0) return 'no-data';
  if (scenario.stale) return 'stale';
  if (scenario.validated) return 'validated';
  if (scenario.missing.length > 0) return 'missing';
  if (pending.length > 0) return 'pending';
  return 'ko';
}

function flagsOf(scenario: ScenarioVerdict, pending: readonly string[]): string[] {
  const flags: string[] = [];
  // Plain staleness is the status word itself; the day of a validation not run since is news.
  if (scenario.notRunSince) flags.push(`validated on ${scenario.notRunSince}, not run since`);
  if (scenario.missing.length > 0) flags.push(`missing: ${scenario.missing.join(', ')}`);
  if (pending.length > 0) flags.push(`pending: ${pending.join(', ')}`);
  return flags;
}

function labelOf(kind: ConditionKind, scenario: ScenarioVerdict): string {
  const score = `${scenario.score}/${scenario.max}`;
  switch (kind) {
    case 'not-run-since':
      return 'not run since';
    case 'no-data':
      return 'no data';
    case 'stale':
      return `stale ${score}`;
    case 'validated':
      return 'validated';
    default:
      return `KO ${score}`;
  }
}

function reasonOf(kind: ConditionKind, scenario: ScenarioVerdict, pending: readonly string[]): string {
  switch (kind) {
    case 'not-run-since':
      return `validated on ${scenario.notRunSince ?? ''}, no run in the period since`;
    case 'no-data':
      return 'no scored test case ran in the period';
    case 'stale':
      return scenario.validated
        ? 'every point, but from runs too old to count as validated today'
        : 'no recent run: the score is old news';
    case 'validated':
      return 'every point of its scored test cases';
    case 'missing':
      return `no run in the period of ${scenario.missing.join(', ')}`;
    case 'pending':
      return `fewer than four runs of ${pending.join(', ')}: cannot reach every point yet`;
    case 'ko':
      return 'short of points';
  }
}

/** The condition of one scenario on one installer; see ConditionKind for the precedence. */
export function conditionOf(scenario: ScenarioVerdict): Condition {
  const pending = pendingTests(scenario);
  const kind = kindOf(scenario, pending);
  return {
    kind,
    tone: TONES[kind],
    word: WORDS[TONES[kind]],
    label: labelOf(kind, scenario),
    reason: reasonOf(kind, scenario, pending),
    staleValidated: kind === 'stale' && scenario.validated,
    flags: flagsOf(scenario, pending),
  };
}
