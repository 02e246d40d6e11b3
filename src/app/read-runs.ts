// Source → runs: stream the documents, normalise and judge each one, keep only what scoring can use.
// Counting happens here so every source reports the same figures (status.json `documents`), and every
// document read lands in exactly one bucket of DocumentStats, so the buckets add up to `read`. Copies
// of one run are told apart in the collector, among the runs it keeps: memory stays bounded by
// maxRuns per test case, and a database that sends only the newest runs gives the same count.
import {
  RunCollector,
  criteriaDetailsPaths,
  excludedRun,
  feedbackPaths,
  feedbackRun,
  isUnreadable,
  newDocumentStats,
  normaliseDocument,
  outsideReport,
  own,
  parseResultDate,
  setOwn,
  type CollectorDropped,
  type CriteriaSet,
  type DocumentStats,
  startedInWindow,
  type FeedbackReport,
  type FeedbackRun,
  type Run,
  type SourceItem,
  type TestCaseDefinition,
} from '../core/index.js';
import type { ReportingConfig } from '../config/types.js';
import { LEFT_OUT_BUCKETS, type LeftOut, type ResultsQuery, type ResultsSource } from '../sources/index.js';

export interface RunsRead {
  runs: Run[];
  /** Runs read more than once, with how many more times (documents.duplicates, per installer). */
  copies: ReadonlyMap<Run, number>;
  documents: DocumentStats;
  dropped: CollectorDropped;
  /** Rejected documents whose start_date lies in the window: results arrived, but none could be used. */
  rejectedInWindow: number;
  /** Report id → the runs of its test case in the window, read for the feedback pages. */
  feedback: Map<string, FeedbackRun[]>;
}

/** What to ask a source for: a superset of what scoring needs, filtered exactly afterwards. */
export function buildQuery(
  config: ReportingConfig,
  criteria: CriteriaSet,
  window: { from: number; to: number },
  feedback: readonly FeedbackReport[] = [],
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
    // A database keeps only this many newest runs per test case: the feedback pages show up to `runs`.
    maxRuns: Math.max(config.maxRuns, ...feedback.map((report) => report.runs)),
    detailsPaths: unique([
      ...criteria.testCases.flatMap((testCase) => criteriaDetailsPaths(testCase.criteria)),
      ...feedback.flatMap(feedbackPaths),
    ]),
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
  // By project, then by name: a key spelt from both for each of a million documents cost more than the lookup.
  const byProject = new Map<string, Map<string, TestCaseDefinition>>();
  const byName = new Map<string, TestCaseDefinition[]>();
  for (const testCase of criteria.testCases) {
    const names = byProject.get(testCase.project) ?? new Map<string, TestCaseDefinition>();
    byProject.set(testCase.project, names.set(testCase.name, testCase));
    byName.set(testCase.name, [...(byName.get(testCase.name) ?? []), testCase]);
  }
  return (project, caseName) => {
    if (project !== undefined) return byProject.get(project)?.get(caseName);
    const named = byName.get(caseName);
    return named?.length === 1 ? named[0] : undefined;
  };
}

/** Names kept as one copy each; beyond this many (a runaway data set), a run keeps its own copies. */
const SHARED_NAMES = 100_000;

/**
 * One copy of each name the documents of a read spell: a million runs kept hold a few thousand names,
 * not millions of strings (~150 MB less at peak in the all-in-window bench, and less for the collector
 * to trace). Bounded, so names that are each new cost no more than before.
 */
function sharedNames(): (name: string) => string {
  const names = new Map<string, string>();
  return (name) => {
    const known = names.get(name);
    if (known !== undefined) return known;
    if (names.size < SHARED_NAMES) names.set(name, name);
    return name;
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
  feedback: readonly FeedbackReport[] = [],
): Promise<RunsRead> {
  const feedbackRuns = feedbackCollector(feedback, query, config.dataTimeZone);
  const collector = new RunCollector({
    from: query.from,
    to: query.to,
    maxRuns: config.maxRuns,
    byArchitecture: config.archSplit,
    limits: { versions: config.limits.versions, installers: config.limits.installers },
  });
  const documents = newDocumentStats();
  const judge = documentJudge(query, criteria, config, documents);
  const leftOutBefore = source.stats().leftOut;
  for await (const document of source.documents(query)) {
    documents.read++;
    if (onProgress && documents.read % PROGRESS_EVERY === 0) onProgress(documents.read);
    const run = judge.runOf(document);
    if (run === null) continue;
    feedbackRuns.add(document, run);
    collector.add(run);
  }
  addLeftOut(documents, leftOutBefore, source.stats().leftOut);
  const runs = collector.runs();
  const dropped = collector.dropped;
  countCollected(documents, runs, dropped);
  return {
    runs,
    copies: collector.copies(),
    documents,
    dropped,
    rejectedInWindow: judge.rejectedInWindow(),
    feedback: feedbackRuns.runs,
  };
}

/**
 * Judges one document after another: the run to collect, or null when the document is counted in its
 * bucket of `documents` instead (rejected by reason, outside the report, not in the criteria, not asked
 * for, excluded).
 */
function documentJudge(
  query: ResultsQuery,
  criteria: CriteriaSet,
  config: ReportingConfig,
  documents: DocumentStats,
) {
  const wanted = (values: string[]) => (values.length === 0 ? null : new Set(values));
  const versions = wanted(query.versions);
  const installers = wanted(query.installers);
  const context = {
    dataTimeZone: config.dataTimeZone,
    maxNameLength: config.limits.nameLength,
    testCase: testCaseLookup(criteria),
    sharedName: sharedNames(),
  };
  const scope = { ...query, dataTimeZone: config.dataTimeZone };
  let rejectedInWindow = 0;
  const runOf = (document: SourceItem): Run | null => {
    const normalised = normaliseDocument(document, context);
    if (normalised.kind === 'rejected') {
      // Counted only when it is about this report: the same count whatever the source sent beyond that.
      const outside = outsideReport(document, scope);
      if (outside !== null) {
        documents[outside]++;
        return null;
      }
      documents.rejected++;
      countInto(documents.rejectedReasons, normalised.reason);
      if (startsInWindow(document, query, config.dataTimeZone)) rejectedInWindow++;
      return null;
    }
    if (normalised.kind === 'ignored') {
      documents.notInCriteria++;
      return null;
    }
    const { run } = normalised;
    // Sources may send a superset; the exact filter is here, the same for every source.
    if ((versions && !versions.has(run.version)) || (installers && !installers.has(run.installer))) {
      documents.notAskedFor++;
      return null;
    }
    // Dropped before collecting, or a virtual pod's runs could push a real pod's out of the newest maxRuns
    // (the Mongo pipeline drops them before ranking too, so `used` is the same on every source).
    if (excludedRun(run, config)) {
      documents.excluded++;
      return null;
    }
    return run;
  };
  return { runOf, rejectedInWindow: () => rejectedInWindow };
}

/** What the collector kept and dropped, counted into `documents`; failed runs counted by their note. */
function countCollected(documents: DocumentStats, runs: readonly Run[], dropped: CollectorDropped): void {
  // Runs the verdict uses: what a database that keeps the newest maxRuns per test case would send too.
  documents.used = runs.length;
  documents.duplicates = dropped.duplicates;
  documents.outsideWindow += dropped.outsideWindow;
  documents.beyondMaxRuns = dropped.beyondMaxRuns;
  documents.beyondLimits = dropped.beyondLimits.versions + dropped.beyondLimits.installers;
  for (const { failureNote } of runs) {
    if (failureNote !== undefined) countInto(documents.failedReasons, failureNote);
  }
}

function countInto(counts: Record<string, number>, reason: string): void {
  setOwn(counts, reason, (own(counts, reason) ?? 0) + 1);
}

/** Documents the source read and left out itself during this read: read too, and counted where they went. */
function addLeftOut(documents: DocumentStats, before: LeftOut | undefined, after: LeftOut | undefined): void {
  if (after === undefined) return;
  for (const bucket of LEFT_OUT_BUCKETS) {
    const count = after[bucket] - (before?.[bucket] ?? 0);
    documents[bucket] += count;
    documents.read += count;
  }
}

/** Per feedback report, the runs of its test case in the window, with what the report reads of their details. */
function feedbackCollector(
  feedback: readonly FeedbackReport[],
  window: { from: number; to: number },
  zone: string,
) {
  const runs = new Map(feedback.map((report) => [report.id, [] as FeedbackRun[]]));
  return {
    runs,
    add(document: unknown, run: Run): void {
      if (!startedInWindow(run.startedAt, window)) return;
      for (const report of feedback) {
        if (run.testCase === report.testCase && run.project === report.project)
          runs.get(report.id)?.push(feedbackRun(report, document, run, zone));
      }
    },
  };
}

function startsInWindow(document: unknown, window: { from: number; to: number }, zone: string): boolean {
  // An item the source could not read as a document says itself whether the source placed it in the window.
  if (isUnreadable(document)) return document.inWindow;
  if (document === null || typeof document !== 'object') return false;
  const fields = document as { start_date?: unknown };
  const startedAt = parseResultDate(fields.start_date, zone);
  return startedAt !== null && startedAt > window.from && startedAt <= window.to;
}
