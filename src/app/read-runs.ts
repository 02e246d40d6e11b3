// Source → runs: stream the documents, judge each one (judge-items.ts), keep only what scoring can use.
// A source read in parts is judged on worker threads (judged-parts.ts), its runs collected here in the
// order one stream gives them. Every source's documents go through the same judge, so every source
// reports the same figures (status.json `documents`), and every document read lands in exactly one
// bucket of DocumentStats, so the buckets add up to `read`. Copies of one run are told apart in the
// collector, among the runs it keeps: memory stays bounded by maxRuns per test case, and a database
// that sends only the newest runs gives the same count.
import {
  RunCollector,
  criteriaDetailsPaths,
  feedbackPaths,
  type CollectorDropped,
  type CriteriaSet,
  type DocumentStats,
  type FeedbackReport,
  type FeedbackRun,
  type Run,
  type SourceItem,
} from '../core/index.js';
import type { ReportingConfig } from '../config/types.js';
import { LEFT_OUT_BUCKETS, type LeftOut, type ResultsQuery, type ResultsSource } from '../sources/index.js';
import {
  countInto,
  itemJudge,
  sharedNames,
  type ItemJudge,
  type JudgeSettings,
  type Judgement,
} from './judge-items.js';
import { judgeParts } from './judged-parts.js';

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
  const { dataTimeZone, limits, excludeVirtual, excludeNoha } = config;
  const settings: JudgeSettings = {
    query,
    criteria,
    config: { dataTimeZone, limits, excludeVirtual, excludeNoha },
    feedback,
  };
  const collector = new RunCollector({
    from: query.from,
    to: query.to,
    maxRuns: config.maxRuns,
    byArchitecture: config.archSplit,
    limits: { versions: limits.versions, installers: limits.installers },
  });
  const sharedName = sharedNames();
  const progress = progressReport(onProgress);
  const leftOutBefore = source.stats().leftOut;
  const parts = (await source.parts?.(query)) ?? null;
  const {
    documents,
    rejectedInWindow,
    feedback: feedbackRuns,
  } = parts === null
    ? await judgeStream(source.documents(query), itemJudge(settings, sharedName), collector, progress)
    : await judgeParts(parts, settings, collector, sharedName, progress);
  addLeftOut(documents, leftOutBefore, source.stats().leftOut);
  const runs = collector.runs();
  const dropped = collector.dropped;
  countCollected(documents, runs, dropped);
  return { runs, copies: collector.copies(), documents, dropped, rejectedInWindow, feedback: feedbackRuns };
}

/** The source's stream judged on this thread, item after item, its runs collected. */
async function judgeStream(
  items: AsyncIterable<SourceItem>,
  judge: ItemJudge,
  collector: RunCollector,
  progress: (read: number) => void,
): Promise<Judgement> {
  for await (const item of items) {
    const run = judge.judge(item);
    progress(judge.documents.read);
    if (run !== null) collector.add(run);
  }
  return { documents: judge.documents, rejectedInWindow: judge.rejectedInWindow(), feedback: judge.feedback };
}

/** Tells onProgress each multiple of PROGRESS_EVERY documents read, once, whether they come one or a part at a time. */
function progressReport(onProgress?: (documents: number) => void): (read: number) => void {
  let next = PROGRESS_EVERY;
  return (read) => {
    while (onProgress && read >= next) {
      onProgress(next);
      next += PROGRESS_EVERY;
    }
  };
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

/** Documents the source read and left out itself during this read: read too, and counted where they went. */
function addLeftOut(documents: DocumentStats, before: LeftOut | undefined, after: LeftOut | undefined): void {
  if (after === undefined) return;
  for (const bucket of LEFT_OUT_BUCKETS) {
    const count = after[bucket] - (before?.[bucket] ?? 0);
    documents[bucket] += count;
    documents.read += count;
  }
}
