// status.json read back, for a partial run (--installer) and a backfill, which keep parts of the one last
// published. Its frame is checked, its layout kept (so kept entries are written with the bytes they were
// read from), and its installer entries read into the verdicts they were written from: they hold what the
// overview and the version-wide blockers and readiness are made of (every run, project, tier, the runs
// that make a test pending or flaky), where the state keeps only points. The file comes from disk, where
// anyone may have edited it: an installer entry not shaped as buildStatusJson writes it gives nothing, so
// the caller falls back to the state, and never a guess. The shapes are checked field by field here
// rather than by a zod schema, whose parse copies what it checks: up to a million run lines read back.
import {
  architectureOf,
  type InstallerVerdict,
  type Points,
  type Run,
  type ScenarioStatus,
  type ScenarioVerdict,
  type TestCaseVerdict,
} from '../core/index.js';
import { OneItemPerLine } from '../render/index.js';
import { parseStatusBytes } from './status-parts.js';
import type { StatusJson } from './status-json.js';

/** version → installer entry → its verdict as published, or null for an entry in another shape. */
export type PublishedInstallers = Map<string, Map<string, InstallerVerdict | null>>;

/** The status.json the last run published as this run keeps it, and that file as parsed. */
export interface PreviousStatus {
  status: StatusJson;
  parsed: unknown;
}

/** status.json's bytes read back; null when they are not a status.json this job keeps entries of. */
export function readBack(bytes: Buffer | null): PreviousStatus | null {
  if (bytes === null) return null;
  try {
    const parsed = parseStatusBytes(bytes);
    // A status.json this job did not write (an edited one) is not kept: the run writes a whole new one.
    return hasKeptFrame(parsed) ? { status: asWritten(parsed as StatusJson), parsed } : null;
  } catch {
    return null;
  }
}

/**
 * A status.json read back (a partial run keeps other installers' entries, a backfill everything but the
 * history), laid out as it was written: each test case's runs one a line again, so the entries kept are
 * written with the bytes they were read from. What is not shaped as this job writes it is left as read.
 */
export function asWritten(status: StatusJson): StatusJson {
  const each = <T>(list: T[], change: (item: T) => T): T[] =>
    Array.isArray(list)
      ? list.map((item) => (typeof item === 'object' && item !== null ? change(item) : item))
      : list;
  const runs = (value: unknown) => (Array.isArray(value) ? OneItemPerLine.of(value) : value);
  return {
    ...status,
    versions: each(status.versions, (version) => ({
      ...version,
      installers: each(version.installers, (installer) => ({
        ...installer,
        scenarios: each(installer.scenarios, (scenario) => ({
          ...scenario,
          tests: each(scenario.tests, (test) => ({ ...test, runs: runs(test.runs) as OneItemPerLine })),
        })),
      })),
    })),
  };
}

/**
 * Whether a parsed status.json has the frame a partial run or a backfill keeps entries by: each version an
 * object with its name and a list of installer entries, each with its name, and feedback entries with
 * theirs. Below the frame an entry is kept as read, and checked only when read (publishedInstaller).
 */
function hasKeptFrame(status: unknown): boolean {
  const named = (list: unknown, key: string) =>
    Array.isArray(list) && list.every((entry) => typeof ownField(entry, key) === 'string');
  const versions = ownField(status, 'versions');
  const feedback = ownField(status, 'feedback');
  return (
    named(versions, 'version') &&
    (versions as unknown[]).every((version) => named(ownField(version, 'installers'), 'installer')) &&
    (!Array.isArray(feedback) || named(feedback, 'installer'))
  );
}

/** Every installer entry of a status.json as parsed, by version, in the file's order. */
export function publishedInstallers(status: unknown): PublishedInstallers {
  const published: PublishedInstallers = new Map();
  for (const version of listOrEmpty(ownField(status, 'versions'))) {
    const name = ownField(version, 'version');
    if (typeof name !== 'string' || published.has(name)) continue;
    const installers = new Map<string, InstallerVerdict | null>();
    for (const installer of listOrEmpty(ownField(version, 'installers'))) {
      const installerName = ownField(installer, 'installer');
      if (typeof installerName !== 'string' || installers.has(installerName)) continue;
      installers.set(installerName, publishedInstaller(name, installer));
    }
    published.set(name, installers);
  }
  return published;
}

/** The verdict an installer entry of `version` shows, or null when the entry is not as this job writes it. */
export function publishedInstaller(version: string, entry: unknown): InstallerVerdict | null {
  try {
    const installer = field(entry, 'installer', isText);
    const scenarios = field(entry, 'scenarios', isList).map((scenario) =>
      scenarioOf(scenario, { version, installer }),
    );
    const lastResult = field(entry, 'lastResult', orNull(isInstant));
    return {
      installer,
      scenarios,
      ...hiddenCounts(entry, scenarios),
      lastResult: lastResult === null ? null : Date.parse(lastResult),
    };
  } catch (error) {
    if (error === NOT_AS_WRITTEN) return null;
    throw error;
  }
}

/**
 * The scenarios capScenarios left out, and how many of them were validated or stale: the entry's counts
 * less those of the scenarios it lists, so the overview counts what status.json counts.
 */
function hiddenCounts(entry: unknown, scenarios: readonly ScenarioVerdict[]): Partial<InstallerVerdict> {
  const hiddenScenarios = field(entry, 'hiddenScenarios', optional(isCount));
  if (hiddenScenarios === undefined) return {};
  const hidden = (key: string, holds: (scenario: ScenarioVerdict) => boolean) => {
    const count = field(entry, key, isCount) - scenarios.filter(holds).length;
    if (count < 0 || count > hiddenScenarios) throw NOT_AS_WRITTEN;
    return count;
  };
  return {
    hiddenScenarios,
    hiddenValidated: hidden('validated', (scenario) => scenario.validated),
    hiddenStale: hidden('stale', (scenario) => scenario.stale),
    hiddenStaleValidated: hidden('staleValidated', (scenario) => scenario.stale && scenario.validated),
  };
}

interface ScenarioPlace {
  version: string;
  installer: string;
}

function scenarioOf(entry: unknown, place: ScenarioPlace): ScenarioVerdict {
  const scenario = field(entry, 'scenario', isText);
  const tests = field(entry, 'tests', isList).map((test) => testOf(test, { ...place, scenario }));
  const lastRun = field(entry, 'lastRun', orNull(isInstant));
  const lastBuildUrl = field(entry, 'lastBuildUrl', orNull(isText));
  return {
    scenario,
    score: field(entry, 'score', isNumber),
    max: field(entry, 'max', isNumber),
    percent: field(entry, 'percent', isNumber),
    status: field(entry, 'status', isStatus),
    validated: field(entry, 'validated', isFlag),
    pending: field(entry, 'pending', isFlag),
    stale: field(entry, 'stale', isFlag),
    missing: field(entry, 'missing', listOf(isText)),
    runCount: field(entry, 'runs', isCount),
    builds: field(entry, 'builds', isCount),
    newestRunAt: lastRun === null ? null : Date.parse(lastRun),
    lastBuildTag: lastBuildUrl === null ? null : buildTagOf(field(entry, 'tests', isList), lastBuildUrl),
    tests,
    validatedSince: field(entry, 'validatedSince', orNull(isText)),
    notRunSince: field(entry, 'notRunSince', orNull(isText)),
    trend: field(entry, 'trend', listOf(isNumber)),
  };
}

/**
 * The build tag of the run line that links to `buildUrl`; null when none of the runs listed does (the
 * newest run of a scenario may be one a scoring rule did not look at). Only the scenario and installer
 * pages show it, and a partial run keeps theirs.
 */
function buildTagOf(tests: unknown[], buildUrl: string): string | null {
  for (const test of tests) {
    for (const line of field(test, 'runs', isList)) {
      if (field(line, 'buildUrl', orNull(isText)) === buildUrl) return field(line, 'buildTag', isText);
    }
  }
  return null;
}

function testOf(entry: unknown, place: ScenarioPlace & { scenario: string }): TestCaseVerdict {
  const name = field(entry, 'name', isText);
  const project = field(entry, 'project', isText);
  const runPlace = { ...place, project, testCase: name };
  return {
    name,
    project,
    tier: field(entry, 'tier', isText),
    scored: field(entry, 'scored', isFlag),
    points: field(entry, 'points', isPoints),
    reason: field(entry, 'reason', isText),
    runs: field(entry, 'runs', isList).map((line) => runOf(line, runPlace)),
  };
}

type RunPlace = Pick<Run, 'version' | 'installer' | 'scenario' | 'project' | 'testCase'>;

/**
 * A run line `{date, passed, buildTag, buildUrl, pod, note?}` of a test case's runs. Made field by field,
 * its date parsed once: a partial run reads a million of them back.
 */
function runOf(line: unknown, place: RunPlace): Run {
  const pod = field(line, 'pod', isText);
  const buildTag = field(line, 'buildTag', isText);
  const startedAt = Date.parse(field(line, 'date', isText));
  const passed = field(line, 'passed', isFlag);
  const note = field(line, 'note', isOptionalText);
  if (!Number.isFinite(startedAt)) throw NOT_AS_WRITTEN;
  const { version, scenario, project, testCase } = place;
  const installer = runInstaller(place.installer, pod);
  const run: Run = { version, installer, scenario, project, testCase, pod, buildTag, startedAt, passed };
  if (note !== undefined) run.failureNote = note;
  return run;
}

/**
 * The installer a run was read under: the entry `fuel@aarch64` of the architecture split (core/verdict.ts
 * splitByArchitecture) holds fuel's runs on aarch64 pods, each run still of installer `fuel`.
 */
function runInstaller(entry: string, pod: string): string {
  if (!entry.includes('@')) return entry;
  const split = `@${architectureOf(pod)}`;
  return entry.length > split.length && entry.endsWith(split) ? entry.slice(0, -split.length) : entry;
}

/**
 * Thrown by `field` and caught by publishedInstaller only: one catch for every field of a deep entry, in
 * place of a null checked at each of them. Made once: a million run lines read back throw none.
 */
const NOT_AS_WRITTEN = new Error('an entry not as status.json is written');

type Shape<T> = (value: unknown) => value is T;

/** The field `key` of an object entry, when `shape` holds for it; its own field only, never inherited. */
function field<T>(entry: unknown, key: string, shape: Shape<T>): T {
  const value = ownField(entry, key);
  if (!shape(value)) throw NOT_AS_WRITTEN;
  return value;
}

/** A field of status.json's contract (never a name from the data), undefined unless an object has it as its own. */
function ownField(entry: unknown, key: string): unknown {
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) && Object.hasOwn(entry, key)
    ? (entry as Record<string, unknown>)[key]
    : undefined;
}

const listOrEmpty = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isList = (value: unknown): value is unknown[] => Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
const isOptionalText = (value: unknown): value is string | undefined =>
  value === undefined || typeof value === 'string';
const isFlag = (value: unknown): value is boolean => typeof value === 'boolean';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isPoints = (value: unknown): value is Points =>
  value === 0 || value === 1 || value === 2 || value === 3;
const isStatus = (value: unknown): value is ScenarioStatus =>
  value === 'OK' || value === 'KO' || value === 'NO_DATA';
/** An instant as instantText writes it: a text Date.parse reads. */
const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && Number.isFinite(Date.parse(value));

const orNull =
  <T>(shape: Shape<T>) =>
  (value: unknown): value is T | null =>
    value === null || shape(value);
const optional =
  <T>(shape: Shape<T>) =>
  (value: unknown): value is T | undefined =>
    value === undefined || shape(value);
const listOf =
  <T>(shape: Shape<T>) =>
  (value: unknown): value is T[] =>
    Array.isArray(value) && value.every(shape);
