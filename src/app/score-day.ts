// One report day: read its window from the source, tell an outage from a typo or an empty source, and
// score it. A backfill calls this once per day, in order, with the state recorded so far.
import { redactText, scoringOptionsOf } from '../config/index.js';
import type { ReportingConfig } from '../config/types.js';
import {
  ConfigError,
  SourceError,
  buildVerdict,
  capScenarios,
  documentBuckets,
  limitsHit,
  recordVerdict,
  reportDay,
  reportWindow,
  type CriteriaSet,
  type FeedbackReport,
  type LimitHit,
  type Logger,
  type ReportState,
  type Verdict,
} from '../core/index.js';
import type { ResultsSource, SourceStats } from '../sources/index.js';
import { checkPresence } from './presence.js';
import { buildQuery, readRuns, type RunsRead } from './read-runs.js';

export interface ScoredDay {
  asOf: number;
  day: string;
  verdict: Verdict;
  read: RunsRead;
  sourceStats: SourceStats;
  /** The bounds (limits.*) this day's data reached, with what each left out. */
  limits: LimitHit[];
}

export interface ScoreDayContext {
  config: ReportingConfig;
  criteria: CriteriaSet;
  /** The feedback reports (criteria/feedback/): their test cases' runs are read with the rest. */
  feedback: readonly FeedbackReport[];
  source: ResultsSource;
  logger: Logger;
  /** The state as recorded so far: only read when a name has no run in the window. */
  state: () => Promise<ReportState>;
  onProgress?: (count: number) => void;
}

export async function scoreDay(context: ScoreDayContext, asOf: number): Promise<ScoredDay> {
  const { config, criteria, feedback, source, logger } = context;
  const window = reportWindow(asOf, config.periodDays);
  const query = buildQuery(config, criteria, window, feedback);
  logger.info('source.open', { source: source.description, from: isoOf(window.from), to: isoOf(window.to) });
  logger.debug('source.query', {
    ...query,
    testCaseKeys: undefined,
    from: isoOf(query.from),
    to: isoOf(query.to),
  });
  const started = performance.now();
  const read = await readFrom(source, async () => {
    const runsRead = await readRuns(source, query, criteria, config, context.onProgress, feedback);
    const presence = await checkPresence(
      source,
      { versions: config.versions, installers: config.installers },
      {
        documents: runsRead.documents.read,
        runs: runsRead.runs,
        rejectedInWindow: runsRead.rejectedInWindow,
      },
      context.state,
    );
    if (presence.outage) {
      logger.warn('report.noRuns', {
        source: source.description,
        from: isoOf(window.from),
        to: isoOf(window.to),
        reason: 'the source holds results, none in the window: every scenario is shown stale',
      });
    }
    return runsRead;
  });
  const sourceStats = source.stats();
  logger.debug('phase.done', {
    phase: 'read',
    day: reportDay(asOf),
    ms: Math.round(performance.now() - started),
  });
  logRead(logger, sourceStats.documentsReceived, read);
  const scoring = performance.now();
  const whole = buildVerdict(read.runs, criteria, scoringOptionsOf(config, asOf));
  logger.debug('phase.done', { phase: 'verdict', ms: Math.round(performance.now() - scoring) });
  warnEmpty(whole, logger);
  const verdict = capScenarios(whole, config.limits.scenariosPerInstaller);
  warnTruncated(verdict, logger);
  const limits = limitsHit(config.limits, read.dropped.beyondLimits, verdict, read.documents);
  for (const hit of limits)
    logger.warn('report.limit', { limit: hit.limit, value: hit.value, leftOut: hit.leftOut });
  return { asOf, day: reportDay(asOf), verdict, read, sourceStats, limits };
}

/** Runs the read and always closes the source; a failure mid-stream becomes a SourceError naming the source. */
async function readFrom<T>(source: ResultsSource, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SourceError || error instanceof ConfigError) throw error;
    throw new SourceError(
      `reading ${source.description} failed: ${redactText((error as Error).message)}. Nothing was written.`,
      { cause: error },
    );
  } finally {
    await source.close();
  }
}

function warnTruncated(verdict: Verdict, logger: Logger): void {
  for (const version of verdict.versions) {
    for (const installer of version.installers) {
      if (installer.hiddenScenarios === undefined) continue;
      logger.warn('report.truncated', {
        version: version.version,
        installer: installer.installer,
        scenarios: installer.scenarios.length + installer.hiddenScenarios,
        shown: installer.scenarios.length,
      });
    }
  }
}

/** A version or installer asked for by name that has no result in the window. */
function warnEmpty(verdict: Verdict, logger: Logger): void {
  for (const version of verdict.versions) {
    if (version.installers.every((installer) => installer.scenarios.length === 0)) {
      logger.warn('report.empty', { version: version.version, reason: 'no scenario in the window' });
      continue;
    }
    for (const installer of version.installers) {
      if (installer.scenarios.length > 0) continue;
      logger.warn('report.empty', {
        version: version.version,
        installer: installer.installer,
        reason: 'no scenario in the window',
      });
    }
  }
}

/** `received`: what the source took in; `documents`: what it handed on after dropping the certainly unwanted. */
function logRead(logger: Logger, received: number, read: RunsRead): void {
  const { documents } = read;
  logger.info('source.read', {
    received,
    documents: documents.read,
    ...Object.fromEntries(documentBuckets(documents).map(({ bucket, count }) => [bucket, count])),
  });
  for (const [reason, count] of Object.entries(documents.rejectedReasons)) {
    logger.warn('document.rejected', { reason, count });
  }
  for (const [reason, count] of Object.entries(documents.failedReasons)) {
    logger.warn('run.failed', { reason, count });
  }
}

export function isoOf(instant: number): string {
  return new Date(instant).toISOString();
}

const DAY = 86_400_000;

/** Scores the report days in order, each on the state the days before it recorded. */
export async function scoreDays(
  context: Omit<ScoreDayContext, 'state'>,
  instants: readonly number[],
  initial: ReportState,
): Promise<{ state: ReportState; scored: ScoredDay }> {
  let state = initial;
  let scored: ScoredDay | null = null;
  for (const asOf of instants) {
    const current = state;
    scored = await scoreDay({ ...context, state: async () => current }, asOf);
    state = record(state, scored, context.config, context.source.description);
  }
  if (scored === null) throw new Error('scoreDays needs at least one report day');
  return { state, scored };
}

/** The report instants of a run: `asOf`, and with a backfill the days before it, oldest first, at the same hour. */
export function reportInstants(asOf: number, days: number): number[] {
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
