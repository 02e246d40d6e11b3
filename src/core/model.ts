// The domain model every layer shares. Plain values only: no classes with I/O, no clock.
// Instants are epoch milliseconds (UTC); report days are 'YYYY-MM-DD' strings in UTC.

/** A result document as a source hands it over: untrusted, any shape. */
export type ResultDocument = Record<string, unknown>;

/** Which scoring rule turns a test case's runs into points (the README's points table). */
export type ScoringRule = 'documented' | 'legacy-2016';

export type Points = 0 | 1 | 2 | 3;

export type ScenarioStatus = 'OK' | 'KO' | 'NO_DATA';

/** A parsed success-criteria expression: `FIELD OP VALUE`. */
export interface CriteriaExpression {
  /** `status` reads the document's `criteria` word; anything else reads `details.<path>`. */
  field: string;
  op: '==' | '!=' | '>=' | '<=' | '>' | '<';
  value: { kind: 'number'; value: number; percent: boolean } | { kind: 'string'; value: string };
}

/** One test case as the criteria files declare it, validated and compiled. */
export interface TestCaseDefinition {
  name: string;
  /** `project_name` its results are stored under (the file's project unless overridden). */
  project: string;
  tier: string;
  tierOrder: number;
  /** The tier counts toward validation. */
  tierScored: boolean;
  /** Listed in the blacklist: never scored, still shown when it ran. */
  blacklisted: boolean;
  criteria: CriteriaExpression;
  /** The expression as written in the file, for pages and explanations. */
  criteriaText: string;
  /** Dependency regexes as written ('' = any). */
  installerPattern: string;
  scenarioPattern: string;
  installerRegex: RegExp | null;
  scenarioRegex: RegExp | null;
}

/** Every test case of every criteria file, in tier order then file order. */
export interface CriteriaSet {
  testCases: TestCaseDefinition[];
}

/** One test-case run, normalised from a result document and already judged. */
export interface Run {
  version: string;
  installer: string;
  scenario: string;
  project: string;
  testCase: string;
  pod: string;
  buildTag: string;
  /** start_date as an instant. */
  startedAt: number;
  passed: boolean;
  /** Why a run failed when it was not a plain FAIL word or an unmet criteria (unknown word, unevaluable expression). */
  failureNote?: string;
}

/** What normalising one document gave. */
export type NormalisedDocument =
  | { kind: 'run'; run: Run }
  | { kind: 'rejected'; reason: string }
  /** Valid, but not asked for (test case not in the criteria, other version/installer). */
  | { kind: 'ignored' };

/**
 * Counts of what the job did with the documents it read (status.json `documents` and `source.accounting`).
 * Every document read is in exactly one of used, rejected, duplicates, outsideWindow, beyondMaxRuns,
 * beyondLimits, excluded, notInCriteria and notAskedFor (see documentBuckets).
 */
export interface DocumentStats {
  read: number;
  used: number;
  rejected: number;
  rejectedReasons: Record<string, number>;
  /** Runs counted as FAIL for a reason other than a FAIL word, by that reason. */
  failedReasons: Record<string, number>;
  /** More copies of a run the verdict uses (the same run identity read again). */
  duplicates: number;
  /** Started outside the report window. */
  outsideWindow: number;
  /** Older than the newest maxRuns runs of their test case, with their copies. */
  beyondMaxRuns: number;
  /** Of a version or installer beyond limits.versions or limits.installers. */
  beyondLimits: number;
  /** On a virtual pod or a noha scenario the report leaves out (excludeVirtual, excludeNoha). */
  excluded: number;
  /** Of a test case or project the criteria do not score. */
  notInCriteria: number;
  /** Of another version or installer than the run asks for (--version, --installer). */
  notAskedFor: number;
}

/** The knobs of the scoring core; `asOf` is an argument, never the clock. */
export interface ScoringOptions {
  asOf: number;
  periodDays: number;
  maxRuns: number;
  rule: ScoringRule;
  /** Runs the legacy rule looks at (4; the 2016 job used 5). */
  originalLastRuns: number;
  /** A scenario is listed when this test case ran in the window (the 2016 job); null = any scored test case. */
  discoverBy: string | null;
  staleHours: number;
  excludeNoha: boolean;
  excludeVirtual: boolean;
  archSplit: boolean;
  /** Order of versions and installers as configured (empty = discovered in the window); discovered ones follow, sorted. */
  versions: string[];
  installers: string[];
}

export interface TestCaseVerdict {
  name: string;
  project: string;
  tier: string;
  /** Counts toward validation here: scored tier, not blacklisted, runnable. */
  scored: boolean;
  points: Points;
  /** The rule line that produced the points, e.g. "3 of the last 4 runs passed → 2 points". */
  reason: string;
  /** Runs used, oldest first, at most maxRuns, all inside the window. */
  runs: Run[];
}

export interface ScenarioVerdict {
  scenario: string;
  score: number;
  max: number;
  /** score / max × 100, one decimal; 0 when max is 0. */
  percent: number;
  status: ScenarioStatus;
  validated: boolean;
  /** A scored test ran in the window, but fewer than 4 times (a test with no run is `missing`, not pending). */
  pending: boolean;
  /** Newest run older than staleHours before asOf (or validated in the state with no run in the window). */
  stale: boolean;
  /** Scored, runnable test cases with no run in the window, by name. */
  missing: string[];
  /** Test-case runs (result documents) of this scenario in the window, all test cases shown (status.json `runs`). */
  runCount: number;
  /** CI builds those runs came from: one build runs every test case of the scenario once. */
  builds: number;
  /** When the newest of those runs started (status.json `lastRun`); not the job's last run (`ReportState.lastRun`). */
  newestRunAt: number | null;
  lastBuildTag: string | null;
  /** Every test case shown for this scenario, sorted by name (status.json promises sorted lists). */
  tests: TestCaseVerdict[];
  /** From the state (filled when the verdict is annotated with history): first day of validation, or null. */
  validatedSince?: string | null;
  /** Validated in the state but no run in the window: the last day it was validated. */
  notRunSince?: string | null;
  /** Daily percent from the state history, oldest first, ending with this report day. */
  trend?: number[];
}

export interface InstallerVerdict {
  /** `fuel`, or `fuel@aarch64` / `fuel@x86_64` under the architecture split. */
  installer: string;
  scenarios: ScenarioVerdict[];
  /** Scenarios left out because the installer had more than the report keeps (see capScenarios). */
  hiddenScenarios?: number;
  /** How many of those were validated, and how many stale, so the installer's counts stay true. */
  hiddenValidated?: number;
  hiddenStale?: number;
  hiddenStaleValidated?: number;
  /** The newest run of the installer the state knows of, up to the report day: since when no result arrived. */
  lastResult?: number | null;
}

export interface VersionVerdict {
  version: string;
  installers: InstallerVerdict[];
}

export interface Verdict {
  asOf: number;
  periodDays: number;
  rule: ScoringRule;
  versions: VersionVerdict[];
}

/** One report day of one scenario, as the state keeps it (core/history.ts). */
export interface ScenarioDay {
  score: number;
  max: number;
  percent: number;
  status: ScenarioStatus;
  runs: number;
  /** CI builds behind those runs (absent in states written before it was recorded). */
  builds?: number;
  stale: boolean;
  missing: string[];
  /** Points per scored test case that day, for "what changed". */
  tests: Record<string, Points>;
  /** Per scored test case, the runs scored that day as pass/fail letters, oldest first ('PPFP'): what moved the points. */
  testRuns?: Record<string, string>;
  /** The scenario's newest run in that day's window (ISO 8601): since when no result arrived, on an outage. */
  lastRun?: string;
}

export interface ValidatedRecord {
  firstValidated: string;
  lastValidated: string;
  validatedDays: number;
}

/** version → installer → scenario → T */
export type ByScenario<T> = Record<string, Record<string, Record<string, T>>>;

/** Logging port: one line per event. Implementations live at the edges (src/cli). */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}
