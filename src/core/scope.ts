// Which documents a report is about, and which runs count in it: the one owner of the window, the
// virtual-pod and noha exclusions and the architecture split. Every reader applies the same rules — the
// collector in read-runs, the verdict, the scoring of one test case, and the database in the Mongo
// pipeline (which mirrors these functions) — so the runs kept and the documents counted do not depend
// on where the results were read.
import type { Run } from './model.js';
import { parseResultDate } from './result-date.js';
import { isUnreadable } from './source-item.js';

const DAY = 86_400_000;

/** The report window (from, to]: `from` is excluded, `to` (asOf) included. */
export function reportWindow(asOf: number, periodDays: number): { from: number; to: number } {
  return { from: asOf - periodDays * DAY, to: asOf };
}

/** Whether a run that started at `startedAt` is inside the window (from, to]. */
export function startedInWindow(startedAt: number, window: { from: number; to: number }): boolean {
  return startedAt > window.from && startedAt <= window.to;
}

/** Pods whose name contains 'arm' are the aarch64 labs: with the architecture split, installer@aarch64. */
export function architectureOf(pod: string): 'aarch64' | 'x86_64' {
  return pod.toLowerCase().includes('arm') ? 'aarch64' : 'x86_64';
}

/** The exclusions a report asks for (--exclude-virtual, --exclude-noha). */
export interface RunExclusions {
  excludeVirtual: boolean;
  excludeNoha: boolean;
}

/** Whether a run is left out of every report of these settings, wherever it started. */
export function excludedRun(run: Pick<Run, 'pod' | 'scenario'>, exclusions: RunExclusions): boolean {
  return (
    (exclusions.excludeVirtual && isVirtualPod(run.pod)) ||
    (exclusions.excludeNoha && isNohaScenario(run.scenario))
  );
}

/** Whether a run counts in the report: inside the window and not excluded. */
export function runCounts(
  run: Pick<Run, 'startedAt' | 'pod' | 'scenario'>,
  rules: RunExclusions & { from: number; to: number },
): boolean {
  return startedInWindow(run.startedAt, rules) && !excludedRun(run, rules);
}

/** What a report reads: the criteria's test cases, the versions and installers asked for, the window. */
export interface ReportScope {
  /** Versions asked for; empty = any. */
  versions: readonly string[];
  /** Installers asked for; empty = any. */
  installers: readonly string[];
  /** project_name values of the criteria's test cases. */
  projects: readonly string[];
  /** case_name values of the criteria's test cases. */
  testCases: readonly string[];
  /** Window (from, to] in epoch ms. */
  from: number;
  to: number;
  dataTimeZone: string;
}

/** A pod whose name says 'virtual' is a virtual deployment (--exclude-virtual leaves its runs out). */
export function isVirtualPod(pod: string): boolean {
  return pod.toLowerCase().includes('virtual');
}

/** A scenario whose name says 'noha' runs without high availability (--exclude-noha leaves it out). */
export function isNohaScenario(scenario: string): boolean {
  return scenario.toLowerCase().includes('noha');
}

/** A non-blank string, as the normaliser reads identity fields. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Why a rejected document is not about this report: the bucket it is counted in instead. */
export type OutsideReport = 'notInCriteria' | 'notAskedFor' | 'outsideWindow';

/**
 * Why a rejected document is not counted in `documents.rejected`, or null when it is: it must name one of
 * the criteria's test cases (exactly, as a string), and nothing else in it may place it outside the
 * report — another project, a version or installer not asked for, or a readable date outside the window.
 * A document without a test case name belongs to no report. Text a source could not read at all is
 * always counted.
 */
export function outsideReport(document: unknown, scope: ReportScope): OutsideReport | null {
  if (isUnreadable(document)) return null;
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return null;
  const fields = document as Record<string, unknown>;
  if (typeof fields.case_name !== 'string' || !scope.testCases.includes(fields.case_name))
    return 'notInCriteria';
  const project = text(fields.project_name);
  if (project !== null && !scope.projects.includes(project)) return 'notInCriteria';
  if (!askedFor(fields.version, scope.versions) || !askedFor(fields.installer, scope.installers))
    return 'notAskedFor';
  const startedAt = parseResultDate(fields.start_date, scope.dataTimeZone);
  return startedAt === null || (startedAt > scope.from && startedAt <= scope.to) ? null : 'outsideWindow';
}

function askedFor(value: unknown, wanted: readonly string[]): boolean {
  return wanted.length === 0 || (typeof value === 'string' && wanted.includes(value));
}
