// From judged runs to the release verdict (docs/ARCHITECTURE.md, "One document's path"): discover scenarios per version and installer,
// apply the original job's options (exclude_noha, exclude_virtual, architecture split), score each test
// case and add the points up. Every list is sorted, so the same input gives the same verdict.
import { compareRuns } from './collect.js';
import { compareText } from './names.js';
import { architectureOf, reportWindow, runCounts } from './scope.js';
import type {
  CriteriaSet,
  InstallerVerdict,
  Run,
  ScenarioStatus,
  ScenarioVerdict,
  ScoringOptions,
  TestCaseDefinition,
  TestCaseVerdict,
  Verdict,
} from './model.js';
import { memoised } from './memo.js';
import { checkRunnable } from './runnable.js';
import { runsInWindow, scoreRunsInWindow } from './scoring.js';

const HOUR = 3_600_000;

type TestKey = (project: string, testCase: string) => string;

/**
 * `project\0testCase`, one string per pair for the whole verdict: a million runs share a few hundred
 * keys, and a key spelt again for each run, a new string to hash, cost more than the grouping itself.
 */
function testKeys(): TestKey {
  const byProject = memoised((project: string) =>
    memoised((testCase: string) => `${project}\u0000${testCase}`),
  );
  return (project, testCase) => byProject(project)(testCase);
}

/** Configured names first, in their order; names only the data knows follow, sorted. */
function orderNames(configured: readonly string[], discovered: Iterable<string>): string[] {
  const ordered = [...new Set(configured)];
  const known = new Set(ordered);
  return [...ordered, ...[...new Set(discovered)].filter((name) => !known.has(name)).sort(compareText)];
}

/**
 * The items by key, each group in the items' order, the groups in the order their keys first come. The
 * collector hands runs over group after group, so most items have the key of the one before: that
 * group is taken again without a lookup (a million runs are grouped four times over).
 */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  let lastName: string | undefined;
  let lastGroup: T[] = [];
  for (const item of items) {
    const name = key(item);
    if (name !== lastName) {
      lastName = name;
      const group = groups.get(name);
      if (group === undefined) groups.set(name, (lastGroup = []));
      else lastGroup = group;
    }
    lastGroup.push(item);
  }
  return groups;
}

/** A test of a scored tier, not blacklisted: its runs make a scenario worth reporting. */
const countsForDiscovery = (testCase: TestCaseDefinition): boolean =>
  testCase.tierScored && !testCase.blacklisted;

function percentOf(score: number, max: number): number {
  return max === 0 ? 0 : Math.round((score / max) * 1000) / 10;
}

function scoreScenario(
  scenario: string,
  installer: string,
  runsByTest: Map<string, Run[]>,
  testCases: readonly TestCaseDefinition[],
  testKey: TestKey,
  options: ScoringOptions,
): ScenarioVerdict {
  const tests: TestCaseVerdict[] = [];
  const windowRuns: Run[] = [];
  const missing: string[] = [];
  let pending = false;
  for (const testCase of testCases) {
    const runs = runsByTest.get(testKey(testCase.project, testCase.name)) ?? [];
    const scored = countsForDiscovery(testCase) && checkRunnable(testCase, installer, scenario).runnable;
    if (!scored && runs.length === 0) continue;
    const inWindow = runsInWindow(runs, options);
    const { points, reason, runs: used } = scoreRunsInWindow(inWindow, options);
    tests.push({
      name: testCase.name,
      project: testCase.project,
      tier: testCase.tier,
      scored,
      points,
      reason,
      runs: used,
    });
    for (const run of inWindow) windowRuns.push(run);
    if (scored && inWindow.length === 0) missing.push(testCase.name);
    // A test with no run at all is missing, not pending: pending means it ran, but fewer than four times.
    if (scored && inWindow.length > 0 && inWindow.length < 4) pending = true;
  }
  tests.sort((a, b) => compareText(a.name, b.name) || compareText(a.project, b.project));
  missing.sort(compareText);
  const scoredTests = tests.filter((test) => test.scored);
  const score = scoredTests.reduce((sum, test) => sum + test.points, 0);
  const max = 3 * scoredTests.length;
  const validated = max > 0 && score === max;
  const status: ScenarioStatus = max === 0 ? 'NO_DATA' : validated ? 'OK' : 'KO';
  const newestRun = windowRuns.reduce<Run | null>(
    (newest, run) => (newest === null || compareRuns(run, newest) > 0 ? run : newest),
    null,
  );
  const newestRunAt = newestRun?.startedAt ?? null;
  return {
    scenario,
    score,
    max,
    percent: percentOf(score, max),
    status,
    validated,
    pending,
    stale: newestRunAt === null || newestRunAt < options.asOf - options.staleHours * HOUR,
    missing,
    runCount: windowRuns.length,
    // A run without a build tag is its own build: nothing says which others ran with it.
    builds: new Set(windowRuns.map((run) => run.buildTag || `@${run.startedAt}`)).size,
    newestRunAt,
    lastBuildTag: newestRun === null || newestRun.buildTag === '' ? null : newestRun.buildTag,
    tests,
  };
}

function scoreInstaller(
  installer: string,
  baseInstaller: string,
  runs: readonly Run[],
  criteria: readonly TestCaseDefinition[],
  byKey: Map<string, TestCaseDefinition>,
  testKey: TestKey,
  options: ScoringOptions,
): InstallerVerdict {
  const scenarios: ScenarioVerdict[] = [];
  for (const [scenario, scenarioRuns] of groupBy(runs, (run) => run.scenario)) {
    const discovered = scenarioRuns.some((run) => {
      if (options.discoverBy !== null) return run.testCase === options.discoverBy;
      const testCase = byKey.get(testKey(run.project, run.testCase));
      return testCase !== undefined && countsForDiscovery(testCase);
    });
    if (!discovered) continue;
    const runsByTest = groupBy(scenarioRuns, (run) => testKey(run.project, run.testCase));
    scenarios.push(scoreScenario(scenario, baseInstaller, runsByTest, criteria, testKey, options));
  }
  scenarios.sort((a, b) => compareText(a.scenario, b.scenario));
  return { installer, scenarios };
}

/** `fuel`, or `fuel@aarch64` and `fuel@x86_64` when the split is on and both kinds of pod ran. */
function splitByArchitecture(installer: string, runs: Run[], archSplit: boolean): [string, Run[]][] {
  if (!archSplit) return [[installer, runs]];
  const byArchitecture = groupBy(runs, (run) => architectureOf(run.pod));
  if (byArchitecture.size < 2) return [[installer, runs]];
  return [...byArchitecture.keys()]
    .sort(compareText)
    .map((arch) => [`${installer}@${arch}`, byArchitecture.get(arch) ?? []]);
}

/**
 * The verdict of every version and installer: configured ones always appear (possibly empty), others as
 * the runs reveal them. Only runs inside the window count; `asOf` is an argument, never the clock.
 */
export function buildVerdict(runs: Iterable<Run>, criteria: CriteriaSet, options: ScoringOptions): Verdict {
  const testKey = testKeys();
  const byKey = new Map<string, TestCaseDefinition>();
  for (const testCase of criteria.testCases) {
    const key = testKey(testCase.project, testCase.name);
    if (!byKey.has(key)) byKey.set(key, testCase);
  }
  const testCases = [...byKey.values()];
  const counts = { ...reportWindow(options.asOf, options.periodDays), ...options };
  const used: Run[] = [];
  for (const run of runs) {
    if (!runCounts(run, counts)) continue;
    if (!byKey.has(testKey(run.project, run.testCase))) continue;
    used.push(run);
  }
  const byVersion = groupBy(used, (run) => run.version);
  return {
    asOf: options.asOf,
    periodDays: options.periodDays,
    rule: options.rule,
    versions: orderNames(options.versions, byVersion.keys()).map((version) => {
      const byInstaller = groupBy(byVersion.get(version) ?? [], (run) => run.installer);
      return {
        version,
        installers: orderNames(options.installers, byInstaller.keys()).flatMap((installer) =>
          splitByArchitecture(installer, byInstaller.get(installer) ?? [], options.archSplit).map(
            ([name, installerRuns]) =>
              scoreInstaller(name, installer, installerRuns, testCases, byKey, testKey, options),
          ),
        ),
      };
    }),
  };
}

/**
 * At most `limit` scenarios per installer, the first by name; how many were left out, and how many of
 * those were validated or stale, is recorded on the installer. Real installers have tens of scenarios: this only
 * bounds what a runaway data set costs downstream (state, status.json, pages).
 */
export function capScenarios(verdict: Verdict, limit: number): Verdict {
  return {
    ...verdict,
    versions: verdict.versions.map((version) => ({
      ...version,
      installers: version.installers.map((installer) =>
        installer.scenarios.length <= limit
          ? installer
          : {
              ...installer,
              scenarios: installer.scenarios.slice(0, limit),
              hiddenScenarios: installer.scenarios.length - limit,
              hiddenValidated: count(installer.scenarios.slice(limit), (scenario) => scenario.validated),
              hiddenStale: count(installer.scenarios.slice(limit), (scenario) => scenario.stale),
              hiddenStaleValidated: count(
                installer.scenarios.slice(limit),
                (scenario) => scenario.stale && scenario.validated,
              ),
            },
      ),
    })),
  };
}

/**
 * Validated, stale and total scenarios of an installer, the ones left out by capScenarios included.
 * `validated` counts every full score; `staleValidated` says how many of those are stale, so not a
 * validation today (see conditionOf).
 */
export function installerCounts(installer: InstallerVerdict): {
  validated: number;
  stale: number;
  total: number;
  staleValidated: number;
} {
  return {
    validated:
      count(installer.scenarios, (scenario) => scenario.validated) + (installer.hiddenValidated ?? 0),
    stale: count(installer.scenarios, (scenario) => scenario.stale) + (installer.hiddenStale ?? 0),
    total: installer.scenarios.length + (installer.hiddenScenarios ?? 0),
    staleValidated:
      count(installer.scenarios, (scenario) => scenario.stale && scenario.validated) +
      (installer.hiddenStaleValidated ?? 0),
  };
}

function count(scenarios: ScenarioVerdict[], holds: (scenario: ScenarioVerdict) => boolean): number {
  let matching = 0;
  for (const scenario of scenarios) if (holds(scenario)) matching++;
  return matching;
}
