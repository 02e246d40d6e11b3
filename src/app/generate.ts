// The daily job: config → source → runs → verdict → state → status.json and pages → notify.
// Everything that can be refused is refused before the first query; everything that is written is
// written last and atomically, so a failed run leaves the previous pages and state as they were.
import { loadCriteria, parseAsOf, redactText, scoringOptionsOf } from '../config/index.js';
import type { ReportingConfig } from '../config/types.js';
import {
  ConfigError,
  SourceError,
  annotateVerdict,
  buildVerdict,
  capScenarios,
  computeChanges,
  recordVerdict,
  reportDay,
  reportWindow,
  withKnownInstallers,
  withUnscopedInstallers,
  type DocumentStats,
  type Logger,
  type ReportState,
  type Verdict,
  type VersionChanges,
} from '../core/index.js';
import { writeSite } from '../render/index.js';
import { openSource, type ResultsSource } from '../sources/index.js';
import {
  acquireStateLock,
  loadState,
  lockPathFor,
  parseState,
  prepareState,
  readStateText,
  serialiseState,
  stateInsideOut,
} from '../state/index.js';
import { notifyChanges } from './notify.js';
import { checkPresence } from './presence.js';
import { buildQuery, readRuns } from './read-runs.js';
import { buildStatusJson, serialiseStatusJson, type StatusJson } from './status-json.js';

/** Report days the trend sparkline and the changes page look back over. */
const TREND_DAYS = 30;
const CHANGE_DAYS = 30;
/** Scenarios one installer keeps in the report: far above any real installer, a bound for runaway data. */
const MAX_SCENARIOS_PER_INSTALLER = 5000;

export interface GenerateOptions {
  config: ReportingConfig;
  logger: Logger;
  /** The clock: only for a missing --as-of and the "generated at" line of the pages. */
  now: () => number;
  /** Compute and return the verdict; write nothing. */
  dryRun?: boolean;
  /** Tests inject a source; otherwise config.source picks one. */
  source?: ResultsSource;
  /** Called now and then while a long source is read (the CLI shows it on a terminal). */
  onProgress?: (phase: 'reading' | 'writing', count: number) => void;
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
  const asOf = parseAsOf(config.asOf, now());
  const day = reportDay(asOf);
  const window = reportWindow(asOf, config.periodDays);
  const query = buildQuery(config, criteria, window);

  const source = options.source ?? (await openSource(config));
  logger.info('source.open', { source: source.description, from: isoOf(window.from), to: isoOf(window.to) });
  // The state is read here only when a name has no run in the window (unlocked: nothing is written yet).
  const { read, presence } = await readFrom(source, async () => {
    const runsRead = await readRuns(source, query, criteria, config, (count) =>
      options.onProgress?.('reading', count),
    );
    const checked = await checkPresence(
      source,
      { versions: config.versions, installers: config.installers },
      {
        documents: runsRead.documents.read,
        runs: runsRead.runs,
        rejectedInWindow: runsRead.rejectedInWindow,
      },
      () => loadState(config.statePath),
    );
    return { read: runsRead, presence: checked };
  });
  const sourceStats = source.stats();
  logRead(logger, sourceStats.documentsReceived, read.documents, read.dropped);
  if (presence.outage) {
    logger.warn('report.noRuns', {
      source: source.description,
      from: isoOf(window.from),
      to: isoOf(window.to),
      reason: 'the source holds results, none in the window: every scenario is shown stale',
    });
  }

  const whole = buildVerdict(read.runs, criteria, scoringOptionsOf(config, asOf));
  warnEmpty(whole, logger);
  const verdict = capScenarios(whole, MAX_SCENARIOS_PER_INSTALLER);
  warnTruncated(verdict, logger);

  // Naming installers regenerates only theirs; the others keep their pages and their last report.
  const scoped = config.installers.length > 0;
  const report = (state: ReportState) => {
    const next = recordVerdict(state, verdict, {
      day,
      retentionDays: config.retentionDays,
      lastRun: {
        asOf: isoOf(asOf),
        day,
        source: source.description,
        documents: { used: read.documents.used, rejected: read.documents.rejected },
      },
      ...(scoped ? { scope: { installers: config.installers } } : {}),
    });
    const known = withKnownInstallers(verdict, next, {
      versions: config.versions,
      installers: config.installers,
    });
    const reported = scoped ? withUnscopedInstallers(known, next, day) : known;
    const annotated = annotateVerdict(reported, next, { day, trendDays: TREND_DAYS });
    const changes = computeChanges(next.history, {
      versions: annotated.versions.map((version) => version.version),
      upToDay: day,
      days: CHANGE_DAYS,
    });
    const status = buildStatusJson({
      verdict: annotated,
      documents: read.documents,
      source: { description: source.description, stats: sourceStats },
      changes,
      ciBuildUrl: config.ciBuildUrl,
      readiness: config.readiness,
    });
    return { next, annotated, changes, status };
  };

  if (options.dryRun) {
    // Reads the state without locking it, only so the dry run shows what a real run would.
    const { annotated, changes, status } = report(await loadState(config.statePath));
    return { verdict: annotated, status, documents: read.documents, changes, wroteFiles: false };
  }

  const lock = await acquireStateLock(lockPathFor(config.statePath, config.outDir));
  try {
    // Read once: parsed for the report, and kept as bytes for the .bak a site swap carries.
    const previousState = await readStateText(config.statePath);
    const { next, annotated, changes, status } = report(parseState(config.statePath, previousState));
    options.onProgress?.('writing', annotated.versions.length);
    // Pages and state change together or not at all. A state inside --out goes into the same folder
    // swap as the pages; one elsewhere is written and synced first, and put in place only once the
    // pages are.
    const stateInOut = stateInsideOut(config.statePath, config.outDir);
    const prepared = stateInOut === null ? await prepareState(config.statePath, next) : null;
    let site: { files: number };
    try {
      site = await writeSite(
        {
          verdict: annotated,
          validated: next.validated,
          history: next.history,
          criteria,
          ciBuildUrl: config.ciBuildUrl,
          generatedAt: now(),
          staleAfterHours: config.staleAfterHours,
          documents: read.documents,
          statusJson: serialiseStatusJson(status),
          changes,
          readiness: config.readiness,
        },
        {
          outDir: config.outDir,
          ...(stateInOut === null
            ? {}
            : {
                extraFiles: new Map([
                  [stateInOut, serialiseState(next)],
                  ...(previousState === null ? [] : [[`${stateInOut}.bak`, previousState] as const]),
                ]),
              }),
          ...(scoped ? { scope: { installers: config.installers } } : {}),
        },
      );
    } catch (error) {
      await prepared?.abort();
      throw error;
    }
    await prepared?.commit();
    logger.info('site.written', { out: config.outDir, files: site.files, state: config.statePath });
    if (config.notifyUrl !== null) await notifyDay(config.notifyUrl, config, changes, day, logger);
    return { verdict: annotated, status, documents: read.documents, changes, wroteFiles: true };
  } finally {
    await lock.release();
  }
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
    { day, changes: today },
    {
      retries: config.http.retries,
      timeoutMs: config.http.timeoutMs,
      deadlineMs: config.notifyDeadlineMs,
      logger,
    },
  );
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

/** A version or installer asked for by name that has no result in the window: most likely a typo. */
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
function logRead(
  logger: Logger,
  received: number,
  documents: DocumentStats,
  dropped: { outsideWindow: number; beyondMaxRuns: number },
): void {
  logger.info('source.read', {
    received,
    documents: documents.read,
    used: documents.used,
    rejected: documents.rejected,
    outsideWindow: dropped.outsideWindow,
    beyondMaxRuns: dropped.beyondMaxRuns,
  });
  for (const [reason, count] of Object.entries(documents.rejectedReasons)) {
    logger.warn('document.rejected', { reason, count });
  }
  for (const [reason, count] of Object.entries(documents.failedReasons)) {
    logger.warn('run.failed', { reason, count });
  }
}

function isoOf(instant: number): string {
  return new Date(instant).toISOString();
}
