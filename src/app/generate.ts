// The daily job: config → source → runs → verdict → state → status.json and pages → notify.
// Everything that can be refused is refused before the first query; everything that is written is
// written last and atomically, so a failed run leaves the previous pages and state as they were.
import {
  checkDiscoverBy,
  loadCriteria,
  loadFeedbackReports,
  parseAsOf,
  redactText,
} from '../config/index.js';
import type { ReportingConfig } from '../config/types.js';
import type {
  CriteriaSet,
  DocumentStats,
  FeedbackReport,
  Logger,
  ReportState,
  Verdict,
  VersionChanges,
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
import { notifyDay } from './notify.js';
import {
  keepsPublishedStatus,
  publishedView,
  readPreviousStatus,
  type PublishedView,
} from './published-view.js';
import { reportInstants, scoreDays, type ScoredDay } from './score-day.js';
import { statusJsonPieces, type StatusJson } from './status-json.js';

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
  const source =
    options.source ?? (await openSource(config, (event, fields) => options.logger.debug(event, fields)));
  const run: RunContext = {
    criteria,
    feedback,
    source: source.description,
    days: instants.length,
    scoreDays: (initial) =>
      scoreDays(
        {
          config,
          criteria,
          feedback,
          source,
          logger,
          onProgress: (count: number) => options.onProgress?.('reading', count),
        },
        instants,
        initial,
      ),
  };
  if (options.dryRun) {
    // Reads the state without locking it, only so the dry run shows what a real run would.
    const { state, scored } = await run.scoreDays(await loadState(config.statePath));
    const view = await viewOf(state, scored, { config, feedback, source: source.description });
    const { verdict, status, documents, changes } = view;
    return { verdict, status, documents, changes, wroteFiles: false };
  }
  const published = await publishUnderLock(options, run);
  await afterCommit(options, published, run.days);
  const { view, verdict, status } = published;
  return { verdict, status, documents: view.documents, changes: view.changes, wroteFiles: true };
}

/** What one run scores and publishes, the same for every report day of a backfill. */
interface RunContext {
  criteria: CriteriaSet;
  feedback: readonly FeedbackReport[];
  source: string;
  days: number;
  scoreDays: (initial: ReportState) => Promise<{ state: ReportState; scored: ScoredDay }>;
}

/** The published view, with the published status.json read first when the view keeps parts of it. */
async function viewOf(
  state: ReportState,
  scored: ScoredDay,
  run: { config: ReportingConfig; feedback: readonly FeedbackReport[]; source: string },
): Promise<PublishedView> {
  const previous = keepsPublishedStatus(state, scored, run.config)
    ? await readPreviousStatus(run.config.outDir)
    : null;
  return publishedView(state, scored, { ...run, previous });
}

/** Recovers what an earlier run left, then scores and publishes under the state's locks. */
async function publishUnderLock(options: GenerateOptions, run: RunContext): Promise<Published> {
  const { config, logger } = options;
  const fs = options.fs ? { fs: options.fs } : {};
  // A state given as a link is written where the link points, and the link kept.
  const statePath = await resolveStatePath(config.statePath);
  await recoverEarlierSwap({ outDir: config.outDir, logger, ...fs });
  // One lock for every day of a backfill: no other run can interleave with the days it replays.
  const locks = await acquireStateLocks(lockPathsFor(statePath, config.outDir));
  try {
    // An interrupted earlier run is rolled forward or back before the state is read.
    await recover({ outDir: config.outDir, statePath, logger, ...fs });
    const started = performance.now();
    const published = await publishDays(options, { ...run, statePath });
    logger.debug('phase.done', { phase: 'score and publish', ms: Math.round(performance.now() - started) });
    return published;
  } finally {
    // Reported, not thrown: the run's own outcome stands, and the next run takes over a lock left behind.
    await locks
      .release()
      .catch((error: unknown) => logger.warn('lock.release', { reason: (error as Error).message }));
  }
}

/** Committed: from here on nothing fails the run, and nothing holds the lock. */
async function afterCommit(options: GenerateOptions, published: Published, days: number): Promise<void> {
  const { config, logger } = options;
  const { view, files, release, statePath } = published;
  logger.info('site.written', {
    out: siteLayout(config.outDir).current,
    release,
    files,
    state: statePath,
    days,
    ...(view.historyOnly ? { view: `kept at ${view.day}; history of ${published.scoredDay} updated` } : {}),
  });
  if (config.notifyUrl !== null && !view.historyOnly) {
    await notifyDay(config.notifyUrl, config, view.changes, view.day, logger).catch((error: unknown) =>
      logger.warn('notify.failed', { reason: redactText((error as Error).message) }),
    );
  }
}

interface Published {
  view: PublishedView;
  statePath: string;
  verdict: Verdict;
  status: StatusJson;
  scoredDay: string;
  files: number;
  release: string;
}

/** Under the lock: scores the days on the state, then publishes pages, status.json and state in one commit. */
async function publishDays(
  options: GenerateOptions,
  run: RunContext & { statePath: string },
): Promise<Published> {
  const { config, logger, now } = options;
  const { state, scored } = await run.scoreDays(await loadState(run.statePath));
  const view = await viewOf(state, scored, { config, feedback: run.feedback, source: run.source });
  const { verdict, status } = view;
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
      statusJson: { pieces: () => statusJsonPieces(status) },
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
  return {
    view,
    statePath: run.statePath,
    verdict,
    status,
    scoredDay: scored.day,
    files: site.files,
    release: site.release,
  };
}
