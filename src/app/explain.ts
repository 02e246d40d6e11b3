// `criteria explain`: why one scenario on one installer has its points. The explanation is the verdict
// itself — the day is scored exactly as `generate` scores it (scoreDay), and each test case's points,
// rule line and runs are the verdict's own `tests[]`, so it cannot disagree with the pages or status.json.
import { closest, loadCriteria, parseAsOf } from '../config/index.js';
import type { ReportingConfig } from '../config/types.js';
import {
  ConfigError,
  checkRunnable,
  conditionOf,
  type CriteriaSet,
  type Logger,
  type ScenarioVerdict,
  type Verdict,
} from '../core/index.js';
import { openSource, type ResultsSource } from '../sources/index.js';
import { loadState } from '../state/index.js';
import { scoreDay } from './score-day.js';

export interface ExplainTarget {
  /** `fuel`, or `fuel@aarch64` for one architecture (needs the architecture split). */
  installer: string;
  scenario: string;
}

/** One version and installer (one architecture under the split) of the scenario, as the verdict scored it. */
export interface ScenarioExplanation {
  version: string;
  installer: string;
  verdict: ScenarioVerdict;
  /** The condition status.json and the pages show (core/condition.ts). */
  condition: string;
}

/** What the criteria files say of one test case on this installer and scenario. */
export interface CriteriaStanding {
  testCase: string;
  /** `scored`, `informative` or `blacklisted` (shown when it ran, never scored), or why it does not run here. */
  standing: string;
}

export interface Explanation {
  installer: string;
  scenario: string;
  criteria: CriteriaStanding[];
  /** Empty when no source was read; otherwise one entry per version and architecture, never mixed. */
  scored: ScenarioExplanation[];
}

export interface ExplainOptions {
  config: ReportingConfig;
  logger: Logger;
  now: () => number;
  /** False: explain from the criteria alone (which test cases count here), without reading results. */
  readResults: boolean;
  /** Tests inject a source; otherwise config.source picks one. */
  source?: ResultsSource;
}

const baseOf = (installer: string): string => installer.split('@')[0] ?? installer;

export async function explainScenario(target: ExplainTarget, options: ExplainOptions): Promise<Explanation> {
  const { config } = options;
  if (target.installer !== baseOf(target.installer) && !config.archSplit) {
    throw new ConfigError(
      `--installer ${target.installer} names an architecture, which only the architecture split reports: ` +
        `add --arch-split (as the pages were generated), or ask for --installer ${baseOf(target.installer)}.`,
    );
  }
  const criteria = await loadCriteria(config.criteriaDir);
  const standings = standingsHere(criteria, baseOf(target.installer), target.scenario);
  const explanation = { ...target, criteria: standings, scored: [] };
  if (!options.readResults) return explanation;
  // Every installer is scored, as on the pages, so a mistyped one gets the nearest known name.
  const verdict = await scoreAsGenerateDoes(criteria, { ...config, installers: [] }, options);
  return { ...explanation, scored: findScenario(verdict, target) };
}

function standingsHere(criteria: CriteriaSet, installer: string, scenario: string): CriteriaStanding[] {
  return criteria.testCases.map((testCase) => {
    const runnable = checkRunnable(testCase, installer, scenario);
    if (!runnable.runnable) {
      const value = runnable.failed === 'installer' ? installer : scenario;
      return {
        testCase: testCase.name,
        standing: `not runnable: ${runnable.failed} "${value}" does not match /${runnable.pattern}/`,
      };
    }
    if (testCase.blacklisted)
      return { testCase: testCase.name, standing: 'blacklisted: shown when it ran, never scored' };
    if (!testCase.tierScored)
      return {
        testCase: testCase.name,
        standing: `informative (tier ${testCase.tier}): shown when it ran, never scored`,
      };
    return { testCase: testCase.name, standing: 'scored' };
  });
}

/** The verdict of the report day, scored by the same function as `generate`'s, on the same window. */
async function scoreAsGenerateDoes(
  criteria: CriteriaSet,
  config: ReportingConfig,
  options: ExplainOptions,
): Promise<Verdict> {
  const source =
    options.source ?? (await openSource(config, (event, fields) => options.logger.debug(event, fields)));
  const scored = await scoreDay(
    {
      config,
      criteria,
      // explain shows points, not the feedback pages: their runs need not be read.
      feedback: [],
      source,
      logger: options.logger,
      // Read only to tell a mistyped version or installer from one without a run in the window.
      state: () => loadState(config.statePath),
    },
    parseAsOf(config.asOf, options.now()),
  );
  return scored.verdict;
}

/**
 * The scenario in every version, and with the split in every architecture of the installer, each apart:
 * `--installer fuel` under the split gives fuel@aarch64 and fuel@x86_64 as the pages show them.
 */
function findScenario(verdict: Verdict, target: ExplainTarget): ScenarioExplanation[] {
  const matches = (name: string) =>
    name === target.installer || (target.installer === baseOf(name) && target.installer !== name);
  const installers = verdict.versions.flatMap((version) =>
    version.installers
      .filter((installer) => matches(installer.installer))
      .map((installer) => ({ version: version.version, installer })),
  );
  const found = installers.flatMap(({ version, installer }) =>
    installer.scenarios
      .filter((scenario) => scenario.scenario === target.scenario)
      .map((scenario) => ({
        version,
        installer: installer.installer,
        verdict: scenario,
        condition: conditionOf(scenario).kind,
      })),
  );
  if (found.length > 0) return found;
  if (installers.length === 0) {
    const known = verdict.versions.flatMap((version) => version.installers.map((entry) => entry.installer));
    throw unknown('installer', target.installer, known, 'no run of it in the window');
  }
  const known = installers.flatMap(({ installer }) => installer.scenarios.map((entry) => entry.scenario));
  throw unknown('scenario', target.scenario, known, `no run of it on ${target.installer} in the window`);
}

function unknown(kind: string, name: string, known: string[], why: string): ConfigError {
  const names = [...new Set(known)].sort();
  const hint = closest(name, names);
  return new ConfigError(
    `unknown ${kind} "${name}": ${why}` +
      (hint === null ? '' : ` — did you mean ${hint}?`) +
      (names.length === 0 || names.length > 20 ? '' : ` Known: ${names.join(', ')}.`),
  );
}
