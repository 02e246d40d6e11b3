// Source → runs: stream the documents, normalise and judge each one, keep only what scoring can use.
// Counting happens here so every source reports the same figures (status.json `documents`).
import {
  RunCollector,
  concernsReport,
  criteriaDetailsPaths,
  excludedRun,
  isUnreadable,
  newDocumentStats,
  normaliseDocument,
  own,
  parseResultDate,
  setOwn,
  type BeyondLimits,
  type CriteriaSet,
  type DocumentStats,
  type Run,
  type TestCaseDefinition,
} from '../core/index.js';
import type { ReportingConfig } from '../config/types.js';
import type { ResultsQuery, ResultsSource } from '../sources/index.js';

export interface RunsRead {
  runs: Run[];
  documents: DocumentStats;
  dropped: { outsideWindow: number; beyondMaxRuns: number; beyondLimits: BeyondLimits };
  /** Rejected documents whose start_date lies in the window: results arrived, but none could be used. */
  rejectedInWindow: number;
}

/** What to ask a source for: a superset of what scoring needs, filtered exactly afterwards. */
export function buildQuery(
  config: ReportingConfig,
  criteria: CriteriaSet,
  window: { from: number; to: number },
): ResultsQuery {
  const unique = (values: string[]) => [...new Set(values)].sort();
  return {
    versions: config.versions,
    installers: config.installers,
    projects: unique(criteria.testCases.map((testCase) => testCase.project)),
    testCases: unique(criteria.testCases.map((testCase) => testCase.name)),
    testCaseKeys: criteria.testCases.map(({ project, name }) => ({ project, name })),
    from: window.from,
    to: window.to,
    maxRuns: config.maxRuns,
    detailsPaths: unique(criteria.testCases.flatMap((testCase) => criteriaDetailsPaths(testCase.criteria))),
    groupByPod: config.archSplit,
  };
}

/**
 * Looks a document's test case up by project and name. Old documents may lack project_name: they
 * match by name alone when exactly one test case has that name.
 */
function testCaseLookup(
  criteria: CriteriaSet,
): (project: string | undefined, caseName: string) => TestCaseDefinition | undefined {
  const byKey = new Map<string, TestCaseDefinition>();
  const byName = new Map<string, TestCaseDefinition[]>();
  for (const testCase of criteria.testCases) {
    byKey.set(`${testCase.project}\u0000${testCase.name}`, testCase);
    byName.set(testCase.name, [...(byName.get(testCase.name) ?? []), testCase]);
  }
  return (project, caseName) => {
    if (project !== undefined) return byKey.get(`${project}\u0000${caseName}`);
    const named = byName.get(caseName);
    return named?.length === 1 ? named[0] : undefined;
  };
}

/** Documents between two progress reports: often enough for a person, rare enough to cost nothing. */
const PROGRESS_EVERY = 50_000;

export async function readRuns(
  source: ResultsSource,
  query: ResultsQuery,
  criteria: CriteriaSet,
  config: ReportingConfig,
  onProgress?: (documents: number) => void,
): Promise<RunsRead> {
  const collector = new RunCollector({
    from: query.from,
    to: query.to,
    maxRuns: config.maxRuns,
    byArchitecture: config.archSplit,
    limits: { versions: config.limits.versions, installers: config.limits.installers },
  });
  const wanted = (values: string[]) => (values.length === 0 ? null : new Set(values));
  const versions = wanted(query.versions);
  const installers = wanted(query.installers);
  const context = {
    dataTimeZone: config.dataTimeZone,
    maxNameLength: config.limits.nameLength,
    testCase: testCaseLookup(criteria),
  };
  const scope = { ...query, dataTimeZone: config.dataTimeZone };
  const documents = newDocumentStats();
  let rejectedInWindow = 0;
  for await (const document of source.documents(query)) {
    documents.read++;
    if (onProgress && documents.read % PROGRESS_EVERY === 0) onProgress(documents.read);
    const normalised = normaliseDocument(document, context);
    if (normalised.kind === 'rejected') {
      // Counted only when it is about this report: the same count whatever the source sent beyond that.
      if (!concernsReport(document, scope)) continue;
      documents.rejected++;
      setOwn(
        documents.rejectedReasons,
        normalised.reason,
        (own(documents.rejectedReasons, normalised.reason) ?? 0) + 1,
      );
      if (startsInWindow(document, query, config.dataTimeZone)) rejectedInWindow++;
      continue;
    }
    if (normalised.kind === 'ignored') continue;
    const { run } = normalised;
    // Sources may send a superset; the exact filter is here, the same for every source.
    if (versions && !versions.has(run.version)) continue;
    if (installers && !installers.has(run.installer)) continue;
    // Dropped before collecting, or a virtual pod's runs could push a real pod's out of the newest maxRuns
    // (the Mongo pipeline drops them before ranking too, so `used` is the same on every source).
    if (excludedRun(run, config)) continue;
    collector.add(run);
  }
  const runs = collector.runs();
  // Runs the verdict uses: what a database that keeps the newest maxRuns per test case would send too.
  documents.used = runs.length;
  for (const { failureNote } of runs) {
    if (failureNote !== undefined)
      setOwn(documents.failedReasons, failureNote, (own(documents.failedReasons, failureNote) ?? 0) + 1);
  }
  return { runs, documents, dropped: collector.dropped, rejectedInWindow };
}

function startsInWindow(document: unknown, window: { from: number; to: number }, zone: string): boolean {
  // An item the source could not read as a document says itself whether the source placed it in the window.
  if (isUnreadable(document)) return document.inWindow;
  if (document === null || typeof document !== 'object') return false;
  const fields = document as { start_date?: unknown };
  const startedAt = parseResultDate(fields.start_date, zone);
  return startedAt !== null && startedAt > window.from && startedAt <= window.to;
}
