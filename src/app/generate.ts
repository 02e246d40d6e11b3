// The daily job: config → source → runs → verdict → state → status.json and pages → notify.
// Everything that can be refused is refused before the first query; everything that is written is
// written last and atomically, so a failed run leaves the previous pages and state as they were.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkDiscoverBy,
  loadCriteria,
  loadFeedbackReports,
  parseAsOf,
  redactText,
} from '../config/index.js';
import type { ReportingConfig } from '../config/types.js';
import {
  annotateVerdict,
  buildFeedbackPages,
  computeChanges,
  type CriteriaSet,
  recordVerdict,
  withKnownInstallers,
  withUnscopedInstallers,
  type DocumentStats,
  type FeedbackReport,
  type Logger,
  type ReportState,
  type Verdict,
  type VersionChanges,
} from '../core/index.js';
import { writeSite } from '../render/index.js';
import { openSource, type ResultsSource } from '../sources/index.js';
import {
  recover,
  recoverEarlierSwap,
  resolveStatePath,
  siteLayout,
  type CommitFs,
} from '../publish/index.js';
import { acquireStateLocks, loadState, lockPathsFor, serialiseState } from '../state/index.js';
import { notifyChanges } from './notify.js';
import { inStatusOrder, keepUnscopedEntries, onlyPublished, withChanges } from './published-view.js';
import { isoOf, scoreDay, type ScoredDay } from './score-day.js';
import { buildStatusJson, changesJson, serialiseStatusJson, type StatusJson } from './status-json.js';

/** Report days the trend sparkline and the changes page look back over. */
const TREND_DAYS = 30;
const CHANGE_DAYS = 30;
const DAY = 86_400_000;

export interface GenerateOptions {
  config: ReportingConfig;
  logger: Logger;
  /** The clock: only for a missing --as-of and the "generated at" line of the pages. */
  now: () => number;
  /** Compute and return the verdict; write nothing. */
  dryRun?: boolean;
  /** Tests inject a source; otherwise config.source picks one. */
  source?: ResultsSource;
  /** Report days to replay, ending with --as-of (1 = that day only), in order under one lock. */
  backfillDays?: number;
  /** Called now and then while a long source is read (the CLI shows it on a terminal). */
  onProgress?: (phase: 'reading' | 'writing', count: number) => void;
  /** Tests inject a file system that fails or dies at a given step of the commit. */
  fs?: CommitFs;
}

export interface GenerateResult {
  verdict: Verdict;
  status: StatusJson;
  documents: DocumentStats;
  changes: VersionChanges[];
  wroteFiles: boolean;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { config, logger, now } = options;
  const criteria = await loadCriteria(config.criteriaDir);
  checkDiscoverBy(criteria, config.discoverBy);
  const feedback = await loadFeedbackReports(config.criteriaDir, criteria);
  const instants = reportInstants(parseAsOf(config.asOf, now()), options.backfillDays ?? 1);
  const source = options.source ?? (await openSource(config));
  const scoring = (state: () => Promise<ReportState>) => ({
    config,
    criteria,
    feedback,
    source,
    logger,
    state,
    onProgress: (count: number) => options.onProgress?.('reading', count),
  });
  /** Scores the report days in order, each on the state the days before it recorded. */
  const scoreDays = async (initial: ReportState): Promise<{ state: ReportState; scored: ScoredDay }> => {
    let state = initial;
    let scored: ScoredDay | null = null;
    for (const asOf of instants) {
      const current = state;
      scored = await scoreDay(
        scoring(async () => current),
        asOf,
      );
      state = record(state, scored, config, source.description);
    }
    // reportInstants always gives at least one day.
    return { state, scored: scored as ScoredDay };
  };

  if (options.dryRun) {
    // Reads the state without locking it, only so the dry run shows what a real run would.
    const { state, scored } = await scoreDays(await loadState(config.statePath));
    const view = publishedView(state, scored, { config, feedback, source: source.description });
    return {
      verdict: view.verdict,
      status: view.status,
      documents: view.documents,
      changes: view.changes,
      wroteFiles: false,
    };
  }

  // A state given as a link is written where the link points, and the link kept.
  const statePath = await resolveStatePath(config.statePath);
  await recoverEarlierSwap({ outDir: config.outDir, logger, ...(options.fs ? { fs: options.fs } : {}) });
  // One lock for every day of a backfill: no other run can interleave with the days it replays.
  const locks = await acquireStateLocks(lockPathsFor(statePath, config.outDir));
  let published: Published;
  try {
    // An interrupted earlier run is rolled forward or back before the state is read.
    await recover({ outDir: config.outDir, statePath, logger, ...(options.fs ? { fs: options.fs } : {}) });
    published = await publishDays(options, {
      statePath,
      criteria,
      feedback,
      scoreDays,
      source: source.description,
    });
  } finally {
    // Reported, not thrown: the run's own outcome stands, and the next run takes over a lock left behind.
    await locks
      .release()
      .catch((error: unknown) => logger.warn('lock.release', { reason: (error as Error).message }));
  }
  // Committed: from here on nothing fails the run, and nothing holds the lock.
  const { view, verdict, status, files, release } = published;
  logger.info('site.written', {
    out: siteLayout(config.outDir).current,
    release,
    files,
    state: statePath,
    days: instants.length,
    ...(view.historyOnly ? { view: `kept at ${view.day}; history of ${published.scoredDay} updated` } : {}),
  });
  if (config.notifyUrl !== null && !view.historyOnly) {
    await notifyDay(config.notifyUrl, config, view.changes, view.day, logger).catch((error: unknown) =>
      logger.warn('notify.failed', { reason: redactText((error as Error).message) }),
    );
  }
  return { verdict, status, documents: view.documents, changes: view.changes, wroteFiles: true };
}

interface Published {
  view: ReturnType<typeof publishedView>;
  verdict: Verdict;
  status: StatusJson;
  scoredDay: string;
  files: number;
  release: string;
}

/** Under the lock: scores the days on the state, then publishes pages, status.json and state in one commit. */
async function publishDays(
  options: GenerateOptions,
  run: {
    statePath: string;
    criteria: CriteriaSet;
    feedback: readonly FeedbackReport[];
    source: string;
    scoreDays: (initial: ReportState) => Promise<{ state: ReportState; scored: ScoredDay }>;
  },
): Promise<Published> {
  const { config, logger, now } = options;
  const { state, scored } = await run.scoreDays(await loadState(run.statePath));
  const view = publishedView(state, scored, { config, feedback: run.feedback, source: run.source });
  const previousStatus = await readPreviousStatus(config.outDir);
  const status = view.historyOnly
    ? (withChanges(previousStatus, view.changes) ?? view.status)
    : view.scoped
      ? keepUnscopedEntries(view.status, previousStatus, config.installers)
      : view.status;
  const verdict = view.historyOnly
    ? onlyPublished(view.verdict, status)
    : view.scoped
      ? inStatusOrder(view.verdict, status)
      : view.verdict;
  options.onProgress?.('writing', verdict.versions.length);
  const site = await writeSite(
    {
      verdict,
      validated: state.validated,
      history: state.history,
      criteria: run.criteria,
      ciBuildUrl: config.ciBuildUrl,
      generatedAt: now(),
      staleAfterHours: config.staleAfterHours,
      documents: view.documents,
      statusJson: serialiseStatusJson(status),
      changes: view.changes,
      readiness: config.readiness,
      limits: status.limits,
      feedback: view.feedback,
    },
    {
      outDir: config.outDir,
      state: { path: run.statePath, text: serialiseState(state) },
      logger,
      ...(options.fs ? { fs: options.fs } : {}),
      ...(view.scoped ? { scope: { installers: config.installers } } : {}),
      ...(view.historyOnly ? { historyOnly: true } : {}),
    },
  );
  return { view, verdict, status, scoredDay: scored.day, files: site.files, release: site.release };
}

/** The report instants of a run: `asOf`, and with a backfill the days before it, oldest first, at the same hour. */
function reportInstants(asOf: number, days: number): number[] {
  return Array.from({ length: days }, (_, i) => asOf - (days - 1 - i) * DAY);
}

/**
 * The state after one scored day. Only a day at least as new as the newest one reported moves `lastRun`:
 * a backfilled day is recorded into the history, and the published view stays at the newest day.
 */
function record(state: ReportState, scored: ScoredDay, config: ReportingConfig, source: string): ReportState {
  const newest = state.lastRun?.day ?? '';
  return recordVerdict(state, scored.verdict, {
    day: scored.day,
    retentionDays: config.retentionDays,
    lastRun:
      scored.day >= newest
        ? {
            asOf: isoOf(scored.asOf),
            day: scored.day,
            source,
            documents: { used: scored.read.documents.used, rejected: scored.read.documents.rejected },
          }
        : state.lastRun,
    ...(config.installers.length > 0 ? { scope: { installers: config.installers } } : {}),
  });
}

/**
 * What the pages show after the run. The newest report day's view when the last day scored is the
 * newest; after a backfill of earlier days only, the newest day's view rebuilt from the state, of which
 * only the history files are written (`historyOnly`).
 */
function publishedView(
  state: ReportState,
  scored: ScoredDay,
  run: { config: ReportingConfig; feedback: readonly FeedbackReport[]; source: string },
) {
  const { config, source } = run;
  const scoped = config.installers.length > 0;
  const newestDay = state.lastRun?.day ?? scored.day;
  const historyOnly = scored.day < newestDay;
  const day = historyOnly ? newestDay : scored.day;
  const base: Verdict = historyOnly
    ? { ...scored.verdict, asOf: Date.parse(state.lastRun?.asOf ?? ''), versions: [] }
    : scored.verdict;
  const asked = { versions: config.versions, installers: historyOnly ? [] : config.installers };
  const known = withKnownInstallers(base, state, asked);
  const reported = scoped && !historyOnly ? withUnscopedInstallers(known, state, day) : known;
  const verdict = annotateVerdict(reported, state, { day, trendDays: TREND_DAYS });
  const changes = computeChanges(state.history, {
    versions: verdict.versions.map((version) => version.version),
    upToDay: day,
    days: CHANGE_DAYS,
  });
  const documents = scored.read.documents;
  const feedback = historyOnly ? [] : buildFeedbackPages(run.feedback, scored.read.feedback, verdict);
  const status = buildStatusJson({
    verdict,
    feedback,
    documents,
    runs: { used: scored.read.runs, copies: scored.read.copies },
    installers: historyOnly ? [] : config.installers,
    source: { description: source, stats: scored.sourceStats },
    changes,
    ciBuildUrl: config.ciBuildUrl,
    readiness: config.readiness,
    limits: scored.limits,
  });
  return { verdict, changes, status, documents, feedback, scoped, historyOnly, day };
}

/** The status.json the last run published, or null on a first run. */
async function readPreviousStatus(outDir: string): Promise<string | null> {
  try {
    return await readFile(join(siteLayout(outDir).current, 'status.json'), 'utf8');
  } catch {
    return null;
  }
}

async function notifyDay(
  url: string,
  config: ReportingConfig,
  changes: VersionChanges[],
  day: string,
  logger: Logger,
) {
  const today = changes
    .map((version) => ({ version: version.version, days: version.days.filter((entry) => entry.day === day) }))
    .filter((version) => version.days.length > 0);
  if (today.length === 0) return;
  await notifyChanges(
    url,
    { day, changes: today.map(changesJson) },
    {
      retries: config.http.retries,
      timeoutMs: config.http.timeoutMs,
      deadlineMs: config.notifyDeadlineMs,
      logger,
    },
  );
}
