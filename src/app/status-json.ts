// status.json: the contract other tools read (docs/ARCHITECTURE.md, "Invariants"). Names are kept; fields are only added.
// Built by construction in a fixed key order so the same inputs always give the same bytes.
import {
  architectureOf,
  blockersOf,
  buildUrls,
  compareText,
  conditionOf,
  installerCounts,
  instantText,
  memoised,
  nameRecord,
  readinessOf,
  stabilityOf,
  type DocumentStats,
  type ReadinessOptions,
  type LimitHit,
  type FeedbackPage,
  type Run,
  type ScenarioVerdict,
  type TestCaseVerdict,
  type Verdict,
  type VersionChanges,
  type VersionVerdict,
} from '../core/index.js';
import type { SourceStats } from '../sources/index.js';
import { jsonPieces, OneItemPerLine } from '../render/index.js';
import { feedbackJson } from './feedback-json.js';

export interface StatusJsonInput {
  verdict: Verdict;
  documents: DocumentStats;
  /** The runs the verdict uses, and how often each was read again: counted per installer. */
  runs: { used: readonly Run[]; copies: ReadonlyMap<Run, number> };
  /** The installers the run read (--installer); empty for all. */
  installers: readonly string[];
  source: { description: string; stats: SourceStats };
  changes: VersionChanges[];
  ciBuildUrl: string;
  readiness: ReadinessOptions;
  /** Bounds the report hit (see limitsHit); empty on a normal day. */
  limits: LimitHit[];
  /** The Tempest and vIMS pages (criteria/feedback/), with the same figures. */
  feedback?: FeedbackPage[];
}

/** A build tag's CI link, remembered for the whole file (buildUrls). */
type BuildUrlOf = (buildTag: string) => string | null;

/** A run's line in its test case's `runs` (runLines). */
type RunLineOf = (run: Run) => string;

export function buildStatusJson(input: StatusJsonInput) {
  const { verdict, documents, ciBuildUrl } = input;
  const perInstaller = installerDocuments(verdict, input.runs);
  const urlOf = buildUrls(ciBuildUrl);
  const lineOf = runLines(urlOf);
  return {
    asOf: instantText(verdict.asOf),
    period: verdict.periodDays,
    rule: verdict.rule,
    source: sourceJson(input.source, documents),
    // How many documents a source sends depends on the source (see `source`); these counts do not.
    documents: {
      used: documents.used,
      rejected: documents.rejected,
      rejectedReasons: sortedRecord(documents.rejectedReasons),
      failedReasons: sortedRecord(documents.failedReasons),
      duplicates: documents.duplicates,
      // A partial run counts only its installers; every installer's own counts are in its entry.
      installers: input.installers.length === 0 ? null : [...input.installers],
    },
    versions: verdict.versions.map((version) => ({
      version: version.version,
      installers: version.installers.map((installer) => ({
        installer: installer.installer,
        ...installerCounts(installer),
        lastResult:
          installer.lastResult === undefined || installer.lastResult === null
            ? null
            : instantText(installer.lastResult),
        ...(installer.hiddenScenarios ? { hiddenScenarios: installer.hiddenScenarios } : {}),
        documents: perInstaller.get(entryKey(version.version, installer.installer)) ?? NO_DOCUMENTS,
        scenarios: installer.scenarios.map((scenario) => scenarioJson(scenario, urlOf, lineOf)),
      })),
      readiness: readinessJson(version, input.readiness),
      blockers: blockersJson(version),
    })),
    changes: input.changes.map(changesJson),
    limits: input.limits,
    feedback: (input.feedback ?? []).map((page) => feedbackJson(page, ciBuildUrl)),
  };
}

export type StatusJson = ReturnType<typeof buildStatusJson>;

interface InstallerDocuments {
  used: number;
  duplicates: number;
}

const NO_DOCUMENTS: InstallerDocuments = { used: 0, duplicates: 0 };
const entryKey = (version: string, installer: string) => `${version}\u0000${installer}`;

/**
 * Runs used and their copies per version and installer entry: `fuel`, or `fuel@aarch64` and
 * `fuel@x86_64` when the verdict splits fuel by architecture. Kept in the entry, so a partial run of
 * other installers leaves them as they were.
 */
function installerDocuments(
  verdict: Verdict,
  runs: StatusJsonInput['runs'],
): Map<string, InstallerDocuments> {
  const entries = new Set(
    verdict.versions.flatMap((version) =>
      version.installers.map((installer) => entryKey(version.version, installer.installer)),
    ),
  );
  // The entry of a version, installer and pod, worked out once: a million runs share a few hundred.
  const entryOf = memoised((version: string) =>
    memoised((installer: string) =>
      memoised((pod: string) => {
        const split = entryKey(version, `${installer}@${architectureOf(pod)}`);
        return entries.has(split) ? split : entryKey(version, installer);
      }),
    ),
  );
  const counts = new Map<string, InstallerDocuments>();
  for (const run of runs.used) {
    const key = entryOf(run.version)(run.installer)(run.pod);
    const count = counts.get(key) ?? { used: 0, duplicates: 0 };
    count.used++;
    count.duplicates += runs.copies.get(run) ?? 0;
    counts.set(key, count);
  }
  return counts;
}

/**
 * The source's traffic, and where every document it sent went: the buckets add up to `read`. They depend
 * on the source (a database leaves out on the server what a file sends and the job drops), so they are
 * here rather than in `documents`.
 */
function sourceJson(source: StatusJsonInput['source'], documents: DocumentStats) {
  const { commands, aggregates, documentsReceived, bytesReceived } = source.stats;
  return {
    description: source.description,
    commands,
    ...(aggregates === undefined ? {} : { aggregates }),
    documentsReceived,
    bytesReceived,
    accounting: {
      read: documents.read,
      used: documents.used,
      rejected: documents.rejected,
      duplicates: documents.duplicates,
      outsideWindow: documents.outsideWindow,
      beyondMaxRuns: documents.beyondMaxRuns,
      beyondLimits: documents.beyondLimits,
      excluded: documents.excluded,
      notInCriteria: documents.notInCriteria,
      notAskedFor: documents.notAskedFor,
    },
  };
}

/**
 * Two-space JSON with a final newline, a test case's runs one a line: diffable, and byte-identical for
 * identical inputs. In pieces for the site writer: a million runs' status.json is never one string.
 */
export function* statusJsonPieces(status: StatusJson): Generator<string> {
  yield* jsonPieces(status);
  yield '\n';
}

function scenarioJson(scenario: ScenarioVerdict, urlOf: BuildUrlOf, lineOf: RunLineOf) {
  return {
    scenario: scenario.scenario,
    score: scenario.score,
    max: scenario.max,
    percent: scenario.percent,
    status: scenario.status,
    condition: conditionOf(scenario).kind,
    validated: scenario.validated,
    validatedSince: scenario.validatedSince ?? null,
    notRunSince: scenario.notRunSince ?? null,
    pending: scenario.pending,
    stale: scenario.stale,
    missing: scenario.missing,
    runs: scenario.runCount,
    builds: scenario.builds,
    lastRun: scenario.newestRunAt === null ? null : instantText(scenario.newestRunAt),
    lastBuildUrl: scenario.lastBuildTag === null ? null : urlOf(scenario.lastBuildTag),
    trend: scenario.trend ?? [],
    tests: scenario.tests.map((test) => testJson(test, lineOf)),
  };
}

/** The overview's matrix in names only: which scenarios are release-ready, close, or stale. */
function readinessJson(version: VersionVerdict, options: ReadinessOptions) {
  const readiness = readinessOf(version, options);
  const named = (holds: (row: (typeof readiness.rows)[number]) => boolean) =>
    readiness.rows.filter(holds).map((row) => row.scenario);
  return {
    minInstallers: options.minInstallers,
    countStale: options.countStale,
    ready: named((row) => row.ready),
    close: named((row) => row.close),
    staleValidated: named((row) => row.staleValidated),
  };
}

function blockersJson(version: VersionVerdict) {
  return blockersOf(version).map((blocker) => ({
    testCase: blocker.testCase,
    project: blocker.project,
    alone: blocker.alone,
    pointsCost: blocker.pointsCost,
    trouble: blocker.trouble,
    pairs: blocker.pairs,
  }));
}

function testJson(test: TestCaseVerdict, lineOf: RunLineOf) {
  const { flips, stability } = stabilityOf(test.runs);
  return {
    name: test.name,
    project: test.project,
    tier: test.tier,
    scored: test.scored,
    points: test.points,
    reason: test.reason,
    flips,
    stability,
    // Made when the file is written and dropped after: at a million runs, lines made ahead would be
    // held beside the runs they come from until the whole site is written.
    runs: new OneItemPerLine(() => test.runs.map(lineOf)),
  };
}

/**
 * A run as status.json lists it: the text JSON.stringify writes for
 * `{date, passed, buildTag, buildUrl, pod, note?}`, on one line. Written here rather than by
 * JSON.stringify of an object because the runs of a CI build share their build's fields: the text of a
 * build tag, its link and the pod is made once (a million runs' lines ~1.2 s sooner). The date is
 * instantText's, which holds nothing JSON escapes; every other string goes through JSON.stringify.
 */
function runLines(urlOf: BuildUrlOf): RunLineOf {
  const buildFields = memoised((buildTag: string) =>
    memoised(
      (pod: string) =>
        `,"buildTag":${JSON.stringify(buildTag)},"buildUrl":${JSON.stringify(urlOf(buildTag))},"pod":${JSON.stringify(pod)}`,
    ),
  );
  return (run) => {
    const note = run.failureNote === undefined ? '' : `,"note":${JSON.stringify(run.failureNote)}`;
    return `{"date":"${instantText(run.startedAt)}","passed":${run.passed}${buildFields(run.buildTag)(run.pod)}${note}}`;
  };
}

/** A version's changes as status.json and the webhook spell them: the outcomes of a test's runs under `runs`. */
export function changesJson(version: VersionChanges) {
  return {
    ...version,
    days: version.days.map((day) => ({
      ...day,
      changes: day.changes.map(({ outcomes, note, ...change }) => ({
        ...change,
        ...(outcomes === undefined ? {} : { runs: outcomes }),
        note,
      })),
    })),
  };
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return nameRecord(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
