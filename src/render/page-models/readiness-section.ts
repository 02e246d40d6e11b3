// The overview's answer to "what can we release, and what blocks the rest": per version, the readiness
// matrix (scenarios × installers) and the blockers, the release manager's to-do list.
import {
  blockersOf,
  readinessOf,
  stabilityOf,
  type Blocker,
  type ReadinessCell,
  type ReadinessOptions,
  type ReadinessRow,
  type Tone,
  type Trouble,
  type VersionVerdict,
} from '../../core/index.js';
import { sitePaths } from '../paths.js';

export interface MatrixCell {
  present: boolean;
  installer: string;
  /** status.json's condition, for scripts and tests. */
  condition: string;
  tone: Tone | 'none';
  label: string;
  reason: string;
  href: string;
  /** A scored test of this pair flips between pass and fail. */
  flaky: boolean;
}

export interface MatrixRow {
  scenario: string;
  ready: boolean;
  readyLabel: string;
  readyClass: string;
  cells: MatrixCell[];
}

export interface BlockerPairModel {
  installer: string;
  scenario: string;
  href: string;
  alone: boolean;
  label: string;
}

export interface BlockerModel {
  testCase: string;
  project: string;
  trouble: Trouble;
  troubleLabel: string;
  summary: string;
  pairs: BlockerPairModel[];
}

export interface ReadinessSection {
  summary: string;
  rule: string;
  installers: string[];
  rows: MatrixRow[];
  blockers: BlockerModel[];
}

export const TROUBLE_LABELS: Record<Trouble, string> = {
  flaky: 'flaky',
  failing: 'failing',
  missing: 'not run',
  'few-runs': 'too few runs',
  recovering: 'passing again',
};

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

function matrixCell(version: string, installer: string, cell: ReadinessCell | null): MatrixCell {
  if (cell === null) {
    return {
      present: false,
      installer,
      condition: 'none',
      tone: 'none',
      label: '–',
      reason: `not reported on ${installer}: not runnable there, or no run in the period`,
      href: '',
      flaky: false,
    };
  }
  return {
    present: true,
    installer,
    condition: cell.condition.kind,
    tone: cell.condition.tone,
    label: cell.condition.label,
    reason: cell.condition.reason,
    href: sitePaths.scenarioPage(version, installer, cell.scenario.scenario),
    flaky: cell.scenario.tests.some((test) => test.scored && stabilityOf(test.runs).stability === 'flaky'),
  };
}

function matrixRow(version: string, installers: readonly string[], row: ReadinessRow): MatrixRow {
  const [readyLabel, readyClass] = row.ready
    ? ['release-ready', 'ok']
    : row.close
      ? ['one test away', 'near']
      : row.staleValidated
        ? ['stale', 'stale']
        : ['no', 'ko'];
  return {
    scenario: row.scenario,
    ready: row.ready,
    readyLabel,
    readyClass,
    cells: row.cells.map((cell, column) => matrixCell(version, installers[column] ?? '', cell)),
  };
}

function blockerModel(version: string, blocker: Blocker): BlockerModel {
  return {
    testCase: blocker.testCase,
    project: blocker.project,
    trouble: blocker.trouble,
    troubleLabel: TROUBLE_LABELS[blocker.trouble],
    summary:
      `alone keeps ${plural(blocker.alone, 'pair', 'pairs')} from validation, ` +
      `costs ${plural(blocker.pointsCost, 'point', 'points')} on ${plural(blocker.pairs.length, 'pair', 'pairs')}`,
    pairs: blocker.pairs.map((pair) => ({
      installer: pair.installer,
      scenario: pair.scenario,
      href: sitePaths.scenarioPage(version, pair.installer, pair.scenario),
      alone: pair.alone,
      label: `${pair.points} point${pair.points === 1 ? '' : 's'}, ${TROUBLE_LABELS[pair.trouble]}${pair.flips > 0 ? `, ${plural(pair.flips, 'flip', 'flips')}` : ''}`,
    })),
  };
}

export function readinessSection(version: VersionVerdict, options: ReadinessOptions): ReadinessSection {
  const readiness = readinessOf(version, options);
  const stale =
    readiness.staleValidated > 0 ? `, ${readiness.staleValidated} with a stale full score (not counted)` : '';
  return {
    summary:
      `${plural(readiness.ready, 'scenario', 'scenarios')} release-ready, ` +
      `${readiness.close} close: one test away${stale}`,
    rule:
      `release-ready: validated on at least ${plural(options.minInstallers, 'installer', 'installers')}` +
      (options.countStale ? ', a stale full score counted' : ', from recent runs'),
    installers: readiness.installers,
    rows: readiness.rows.map((row) => matrixRow(version.version, readiness.installers, row)),
    blockers: blockersOf(version).map((blocker) => blockerModel(version.version, blocker)),
  };
}
