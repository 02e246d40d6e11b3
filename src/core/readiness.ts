// What can we release: per version, every scenario against every installer, and whether the scenario
// meets the release rule (OPNFV: validated on at least one installer). Pure: the verdict in, a matrix out.
import { compareText } from './names.js';
import { conditionOf, type Condition } from './condition.js';
import type { ScenarioVerdict, VersionVerdict } from './model.js';

export interface ReadinessOptions {
  /** Installers a scenario must be validated on to be release-ready (the OPNFV rule: 1). */
  minInstallers: number;
  /** Count a stale full score as validated for readiness (off by default: old news is not a release). */
  countStale: boolean;
}

export interface ReadinessCell {
  installer: string;
  scenario: ScenarioVerdict;
  condition: Condition;
  /** Scored test cases short of 3 points here. */
  testsShort: number;
  /** Counts toward the release rule. */
  counts: boolean;
}

export interface ReadinessRow {
  scenario: string;
  /** One per installer of the version, in its order; null where the scenario was not reported. */
  cells: Array<ReadinessCell | null>;
  ready: boolean;
  /** Not ready, but one test case away from it on some installer. */
  close: boolean;
  /** Not ready, but has a stale full score somewhere: shown and counted apart from the ready ones. */
  staleValidated: boolean;
}

export interface VersionReadiness {
  version: string;
  installers: string[];
  /** Ready rows first, then the close ones, then the rest; by name inside each group. */
  rows: ReadinessRow[];
  ready: number;
  close: number;
  staleValidated: number;
}

/** `fuel@aarch64` and `fuel@x86_64` are one installer for the release rule: the same installer validated twice. */
const baseInstaller = (installer: string): string => installer.replace(/@[^@]*$/, '');

function cellOf(installer: string, scenario: ScenarioVerdict, options: ReadinessOptions): ReadinessCell {
  const condition = conditionOf(scenario);
  return {
    installer,
    scenario,
    condition,
    testsShort: scenario.tests.filter((test) => test.scored && test.points < 3).length,
    counts: condition.kind === 'validated' || (options.countStale && condition.staleValidated),
  };
}

/** Fresh, short of exactly one test case: fixing that one test validates it. */
const oneTestAway = (cell: ReadinessCell | null): boolean =>
  cell !== null && ['ko', 'missing', 'pending'].includes(cell.condition.kind) && cell.testsShort === 1;

function rowOf(
  scenario: string,
  cells: Array<ReadinessCell | null>,
  options: ReadinessOptions,
): ReadinessRow {
  const validatedOn = new Set(cells.flatMap((cell) => (cell?.counts ? [baseInstaller(cell.installer)] : [])));
  const ready = validatedOn.size >= options.minInstallers;
  const close = !ready && validatedOn.size + 1 >= options.minInstallers && cells.some(oneTestAway);
  return {
    scenario,
    cells,
    ready,
    close,
    staleValidated: !ready && cells.some((cell) => cell?.condition.staleValidated === true),
  };
}

const rank = (row: ReadinessRow): number => (row.ready ? 0 : row.close ? 1 : 2);

export function readinessOf(version: VersionVerdict, options: ReadinessOptions): VersionReadiness {
  const installers = version.installers.map((installer) => installer.installer);
  const byScenario = new Map<string, Array<ReadinessCell | null>>();
  version.installers.forEach((installer, column) => {
    for (const scenario of installer.scenarios) {
      let cells = byScenario.get(scenario.scenario);
      if (cells === undefined) {
        cells = installers.map(() => null);
        byScenario.set(scenario.scenario, cells);
      }
      cells[column] = cellOf(installer.installer, scenario, options);
    }
  });
  const rows = [...byScenario]
    .map(([scenario, cells]) => rowOf(scenario, cells, options))
    .sort((a, b) => rank(a) - rank(b) || compareText(a.scenario, b.scenario));
  return {
    version: version.version,
    installers,
    rows,
    ready: rows.filter((row) => row.ready).length,
    close: rows.filter((row) => row.close).length,
    staleValidated: rows.filter((row) => row.staleValidated).length,
  };
}
