// Which documents a report is about, and which runs it leaves out. Every source applies the same rules:
// the client in read-runs, the database in the Mongo pipeline (which mirrors these functions), so the
// runs kept and the documents counted do not depend on where the results were read.
import { parseResultDate } from './normalise.js';

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

/**
 * Whether a rejected document is counted in `documents.rejected`: it names one of the criteria's test
 * cases (exactly, as a string), and nothing else in it places it outside the report — another project,
 * a version or installer not asked for, or a readable date outside the window. A document without a
 * test case name belongs to no report. Text a source could not read at all is always counted.
 */
export function concernsReport(document: unknown, scope: ReportScope): boolean {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return true;
  const fields = document as Record<string, unknown>;
  if (fields.$unparseable !== undefined || fields.$tooLarge !== undefined || fields.$rejected !== undefined)
    return true;
  if (typeof fields.case_name !== 'string' || !scope.testCases.includes(fields.case_name)) return false;
  const project = text(fields.project_name);
  if (project !== null && !scope.projects.includes(project)) return false;
  if (!askedFor(fields.version, scope.versions) || !askedFor(fields.installer, scope.installers))
    return false;
  const startedAt = parseResultDate(fields.start_date, scope.dataTimeZone);
  return startedAt === null || (startedAt > scope.from && startedAt <= scope.to);
}

function askedFor(value: unknown, wanted: readonly string[]): boolean {
  return wanted.length === 0 || (typeof value === 'string' && wanted.includes(value));
}
