// One document after another → the run to collect, or the bucket of DocumentStats it counts in. The
// same judge reads a source's stream on this thread (read-runs.ts) and each part of a source read in
// parts on a worker thread (judged-parts.ts): the judgements of the parts, added up in order, are the
// judgement of the whole read.
import {
  excludedRun,
  feedbackRun,
  isUnreadable,
  newDocumentStats,
  normaliseDocument,
  outsideReport,
  own,
  parseResultDate,
  setOwn,
  startedInWindow,
  type CriteriaSet,
  type DocumentStats,
  type FeedbackReport,
  type FeedbackRun,
  type Run,
  type SourceItem,
  type TestCaseDefinition,
} from '../core/index.js';
import type { ReportingConfig } from '../config/types.js';
import type { ResultsQuery } from '../sources/index.js';

/**
 * What judging the documents of a read needs, and nothing else: plain data, posted as it is to the worker
 * threads that judge a read's parts (judged-parts.ts), so every thread judges by the same settings.
 */
export interface JudgeSettings {
  query: ResultsQuery;
  criteria: CriteriaSet;
  config: Pick<ReportingConfig, 'dataTimeZone' | 'limits' | 'excludeVirtual' | 'excludeNoha'>;
  feedback: readonly FeedbackReport[];
}

/** A read judged: where its documents went, and what the feedback pages read of them. */
export interface Judgement {
  documents: DocumentStats;
  /** Rejected documents whose start_date lies in the window: results arrived, but none could be used. */
  rejectedInWindow: number;
  /** Report id → the runs of its test case in the window, read for the feedback pages. */
  feedback: Map<string, FeedbackRun[]>;
}

export interface ItemJudge {
  /**
   * Counts the item into `documents` and returns the run to collect, or null when it counts in another
   * bucket (rejected by reason, outside the report, not in the criteria, not asked for, excluded).
   */
  judge(item: SourceItem): Run | null;
  documents: DocumentStats;
  /** Rejected documents whose start_date lies in the window. */
  rejectedInWindow(): number;
  /** Report id → the runs of its test case in the window, read for the feedback pages. */
  feedback: Map<string, FeedbackRun[]>;
}

/**
 * Judges the items of one read (or of one part of it) one after another, counting each in `documents`;
 * `sharedName` gives the read's one copy of a name (sharedNames).
 */
export function itemJudge(settings: JudgeSettings, sharedName: (name: string) => string): ItemJudge {
  const { query, criteria, config } = settings;
  const documents = newDocumentStats();
  const feedbackRuns = feedbackCollector(settings.feedback, query, config.dataTimeZone);
  const wanted = (values: string[]) => (values.length === 0 ? null : new Set(values));
  const versions = wanted(query.versions);
  const installers = wanted(query.installers);
  const context = {
    dataTimeZone: config.dataTimeZone,
    maxNameLength: config.limits.nameLength,
    testCase: testCaseLookup(criteria),
    sharedName,
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
  return {
    judge(item) {
      documents.read++;
      const run = runOf(item);
      if (run !== null) feedbackRuns.add(item, run);
      return run;
    },
    documents,
    rejectedInWindow: () => rejectedInWindow,
    feedback: feedbackRuns.runs,
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
export function sharedNames(): (name: string) => string {
  const names = new Map<string, string>();
  return (name) => {
    const known = names.get(name);
    if (known !== undefined) return known;
    if (names.size < SHARED_NAMES) names.set(name, name);
    return name;
  };
}

/** Adds `by` to a reason's count; a reason is a key of its own, whatever it spells (`__proto__`). */
export function countInto(counts: Record<string, number>, reason: string, by = 1): void {
  setOwn(counts, reason, (own(counts, reason) ?? 0) + by);
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
