// The published view always shows the newest report day. A partial run (--installer) rewrites only its
// installers' entries of status.json (their feedback entries too), the others kept exactly as the last
// run wrote them and in the same order, and shown on the site-wide views (the overview, status.json's
// blockers and readiness) as those entries show them; a backfill of an earlier day changes only the
// history views (the `changes` of status.json among them), never the current view.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportingConfig } from '../config/types.js';
import {
  annotateVerdict,
  buildFeedbackPages,
  computeChanges,
  withKnownInstallers,
  withUnscopedInstallers,
  type FeedbackReport,
  type InstallerVerdict,
  type ReportState,
  type Verdict,
  type VersionChanges,
} from '../core/index.js';
import { siteLayout } from '../publish/index.js';
import {
  publishedInstallers,
  readBack,
  type PreviousStatus,
  type PublishedInstallers,
} from './status-read-back.js';
import type { ScoredDay } from './score-day.js';
import { buildStatusJson, changesJson, type StatusJson } from './status-json.js';

/** Report days the trend sparkline and the changes page look back over. */
const TREND_DAYS = 30;
const CHANGE_DAYS = 30;

type VersionEntry = StatusJson['versions'][number];
type InstallerEntry = VersionEntry['installers'][number];
type FeedbackEntry = StatusJson['feedback'][number];

/** `fuel` asked for covers `fuel@aarch64` and `fuel@x86_64` too. */
export function inScope(installer: string, installers: readonly string[]): boolean {
  return installers.includes(installer) || installers.includes(installer.split('@')[0] ?? installer);
}

/**
 * status.json of a partial run: the scoped installers' entries from `next`, every other installer's
 * entry from the previous status.json (the same object, so the same bytes), in the previous order;
 * installers new to a version come after the known ones.
 */
function keepUnscopedEntries(
  next: StatusJson,
  previous: StatusJson,
  installers: readonly string[],
): StatusJson {
  return {
    ...next,
    versions: next.versions.map((version) => {
      const before = previous.versions.find((entry) => entry.version === version.version);
      if (before === undefined) return version;
      const fresh = new Map(version.installers.map((entry) => [entry.installer, entry]));
      const kept: InstallerEntry[] = before.installers.flatMap((entry) => {
        if (!inScope(entry.installer, installers)) return [entry];
        const replaced = fresh.get(entry.installer);
        return replaced === undefined ? [] : [replaced];
      });
      const known = new Set(before.installers.map((entry) => entry.installer));
      const added = version.installers.filter((entry) => !known.has(entry.installer));
      return { ...version, installers: [...kept, ...added] };
    }),
    feedback: keptFeedback(next.feedback, previous.feedback, installers),
  };
}

/** The feedback entries of a partial run: the scoped installers' from `next`, the others as published. */
function keptFeedback(
  next: FeedbackEntry[],
  previous: FeedbackEntry[] | undefined,
  installers: readonly string[],
): FeedbackEntry[] {
  if (!Array.isArray(previous)) return next;
  const key = (entry: FeedbackEntry) => JSON.stringify([entry.report, entry.version, entry.installer]);
  const fresh = new Map(
    next.filter((entry) => inScope(entry.installer, installers)).map((entry) => [key(entry), entry]),
  );
  const kept = previous.flatMap((entry) => {
    if (!inScope(entry.installer, installers)) return [entry];
    const replaced = fresh.get(key(entry));
    return replaced === undefined ? [] : [replaced];
  });
  const known = new Set(previous.map(key));
  return [...kept, ...[...fresh.values()].filter((entry) => !known.has(key(entry)))];
}

/** The verdict's installers in status.json's order, so the overview lists them as status.json does. */
function inStatusOrder(verdict: Verdict, status: StatusJson): Verdict {
  return {
    ...verdict,
    versions: verdict.versions.map((version) => {
      const order = status.versions
        .find((entry) => entry.version === version.version)
        ?.installers.map((entry) => entry.installer);
      if (order === undefined) return version;
      const rank = (installer: string) => {
        const at = order.indexOf(installer);
        return at === -1 ? order.length : at;
      };
      return {
        ...version,
        installers: [...version.installers].sort((a, b) => rank(a.installer) - rank(b.installer)),
      };
    }),
  };
}

/**
 * A backfill's verdict: only the versions and installers the published status.json shows, in its order.
 * An installer first recorded by the backfill has no page yet (a backfill writes history files only), so
 * the history pages must not link to it; the next daily run shows it.
 */
function onlyPublished(verdict: Verdict, status: StatusJson): Verdict {
  return {
    ...verdict,
    versions: inStatusOrder(verdict, status).versions.flatMap((version) => {
      const shown = status.versions.find((entry) => entry.version === version.version);
      if (shown === undefined) return [];
      const names = new Set(shown.installers.map((entry) => entry.installer));
      return [{ ...version, installers: version.installers.filter((entry) => names.has(entry.installer)) }];
    }),
  };
}

/** A backfill's status.json: the previous one, with only the history it shows (`changes`) brought up to date. */
function withChanges(previous: StatusJson, changes: VersionChanges[]): StatusJson {
  return { ...previous, changes: changes.map(changesJson) };
}

/**
 * A partial run's verdict: its installers as read, every other one as the previous status.json shows it
 * (`published`), or, for an entry that file does not hold in a shape this job writes, as the state last
 * recorded it (the verdict's own, from withUnscopedInstallers); an installer only the state knows follows.
 */
export function withPublishedInstallers(
  verdict: Verdict,
  published: PublishedInstallers,
  installers: readonly string[],
): Verdict {
  return {
    ...verdict,
    versions: verdict.versions.map((version) => {
      const shown = published.get(version.version);
      if (shown === undefined) return version;
      const scoped = version.installers.filter((entry) => inScope(entry.installer, installers));
      const fromState = new Map(
        version.installers
          .filter((entry) => !inScope(entry.installer, installers))
          .map((entry) => [entry.installer, entry]),
      );
      const kept = [...shown]
        .filter(([name]) => !inScope(name, installers))
        .flatMap(([name, entry]): InstallerVerdict[] => {
          const installer = entry ?? fromState.get(name);
          return installer === undefined ? [] : [installer];
        });
      const onlyInState = [...fromState.values()].filter((entry) => !shown.has(entry.installer));
      return { ...version, installers: [...scoped, ...kept, ...onlyInState] };
    }),
  };
}

/** A backfill of days before the newest one already published: only the history views are rewritten. */
function isHistoryOnly(state: ReportState, scored: ScoredDay): boolean {
  return scored.day < (state.lastRun?.day ?? scored.day);
}

/**
 * Whether the view keeps parts of the published status.json (a partial run, a backfill) and so needs it
 * read first; a full run writes a whole new one and never reads it (at a million runs it is hundreds of MB).
 */
export function keepsPublishedStatus(
  state: ReportState,
  scored: ScoredDay,
  config: ReportingConfig,
): boolean {
  return config.installers.length > 0 || isHistoryOnly(state, scored);
}

/**
 * What the pages show after the run. The newest report day's view when the last day scored is the
 * newest; after a backfill of earlier days only, the newest day's view rebuilt from the state, of which
 * only the history files are written (`historyOnly`). `previous` is the published status.json read
 * back when keepsPublishedStatus, else null.
 */
export type PublishedView = ReturnType<typeof publishedView>;

export function publishedView(
  state: ReportState,
  scored: ScoredDay,
  run: {
    config: ReportingConfig;
    feedback: readonly FeedbackReport[];
    source: string;
    previous: PreviousStatus | null;
  },
) {
  const { config, source } = run;
  const scoped = config.installers.length > 0;
  const historyOnly = isHistoryOnly(state, scored);
  const { previous } = run;
  const day = historyOnly ? (state.lastRun?.day ?? scored.day) : scored.day;
  const verdict = viewVerdict(state, scored, { config, day, historyOnly, previous });
  const changes = computeChanges(state.history, {
    versions: verdict.versions.map((version) => version.version),
    upToDay: day,
    days: CHANGE_DAYS,
  });
  const documents = scored.read.documents;
  const feedback = historyOnly ? [] : buildFeedbackPages(run.feedback, scored.read.feedback, verdict);
  const next = buildStatusJson({
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
  const status =
    previous === null
      ? next
      : historyOnly
        ? withChanges(previous.status, changes)
        : scoped
          ? keepUnscopedEntries(next, previous.status, config.installers)
          : next;
  const shown = historyOnly ? onlyPublished(verdict, status) : verdict;
  return { verdict: shown, changes, status, documents, feedback, scoped, historyOnly, day };
}

/**
 * The verdict of the newest report day, completed from the state; for a partial run, the other installers
 * as the previous status.json shows them, in its order, so status.json's blockers and readiness are made
 * from the same verdict as its kept entries.
 */
function viewVerdict(
  state: ReportState,
  scored: ScoredDay,
  view: { config: ReportingConfig; day: string; historyOnly: boolean; previous: PreviousStatus | null },
): Verdict {
  const { config, day, historyOnly, previous } = view;
  const scoped = config.installers.length > 0 && !historyOnly;
  const base: Verdict = historyOnly
    ? { ...scored.verdict, asOf: Date.parse(state.lastRun?.asOf ?? ''), versions: [] }
    : scored.verdict;
  const asked = { versions: config.versions, installers: historyOnly ? [] : config.installers };
  const known = withKnownInstallers(base, state, asked);
  const reported = scoped ? withUnscopedInstallers(known, state, day) : known;
  const annotated = annotateVerdict(reported, state, { day, trendDays: TREND_DAYS });
  if (!scoped || previous === null) return annotated;
  const published = withPublishedInstallers(
    annotated,
    publishedInstallers(previous.parsed),
    config.installers,
  );
  return inStatusOrder(published, previous.status);
}

/**
 * The status.json the last run published, read back; null on a first run. Never one string: at a million
 * runs its text would be ~500 MB, left for the collector while the kept entries' verdicts are made.
 */
export async function readPreviousStatus(outDir: string): Promise<PreviousStatus | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(siteLayout(outDir).current, 'status.json'));
  } catch {
    return null;
  }
  return readBack(bytes);
}
