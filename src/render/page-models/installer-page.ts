// `<version>/<installer>.html`, the status page: one row per scenario, one column per test case.
import { feedbackAnchor, feedbackLinksOf, type FeedbackLink } from './feedback-links.js';
import {
  compareText,
  installerCounts,
  type InstallerVerdict,
  type ScenarioVerdict,
  type VersionVerdict,
} from '../../core/index.js';
import { rootPrefix, sitePaths, testRunsId } from '../paths.js';
import type { SiteInput } from '../types.js';
import { NOT_RUN_CELL, pointsCell, scenarioSummary, type PointsCell, type ScenarioSummary } from './cells.js';
import { headerOf, versionAnchor, type HeaderModel } from './header.js';

export interface TestColumn {
  name: string;
  scored: boolean;
  label: string;
  className: string;
}

export interface ScenarioRow extends ScenarioSummary {
  scenario: string;
  href: string;
  /** CI builds; the test results they hold go in the tooltip. */
  builds: number;
  runsLabel: string;
  scoreLabel: string;
  score: number;
  percent: number;
  validatedSince: string;
  trend: number[];
  filterText: string;
  cells: PointsCell[];
}

export interface InstallerPageModel {
  header: HeaderModel;
  columns: TestColumn[];
  hasInformative: boolean;
  rows: ScenarioRow[];
  validatedCount: number;
  staleValidated: number;
  total: number;
  /** Scenarios left out of a too-large report, and how many are kept: the page says both. */
  hidden: number;
  kept: number;
  csvHref: string;
  validatedHref: string;
  /** The Tempest and vIMS pages of this version and installer. */
  feedback: FeedbackLink[];
}

/** Scored test cases first (any scenario scores them), then the informative ones that ran, each by name. */
function columnsOf(installer: InstallerVerdict): TestColumn[] {
  const scored = new Set<string>();
  const informative = new Set<string>();
  for (const scenario of installer.scenarios) {
    for (const test of scenario.tests) (test.scored ? scored : informative).add(test.name);
  }
  const column = (name: string, isScored: boolean): TestColumn => ({
    name,
    scored: isScored,
    label: isScored ? name : `${name} (info)`,
    className: isScored ? 'test' : 'test informative',
  });
  return [
    ...[...scored].sort(compareText).map((name) => column(name, true)),
    ...[...informative]
      .filter((name) => !scored.has(name))
      .sort(compareText)
      .map((name) => column(name, false)),
  ];
}

/** The daily percent from the annotated verdict; a single point (today) when it has no history. */
export function trendOf(scenario: ScenarioVerdict): number[] {
  return scenario.trend !== undefined && scenario.trend.length > 0 ? scenario.trend : [scenario.percent];
}

function rowOf(
  input: SiteInput,
  href: string,
  columns: readonly TestColumn[],
  scenario: ScenarioVerdict,
  feedback: readonly FeedbackLink[],
): ScenarioRow {
  const feedbackOf = (test: string): string | null => {
    const link = feedback.find((entry) => entry.testCase === test);
    return link === undefined ? null : `${link.href}#${feedbackAnchor(scenario.scenario)}`;
  };
  const tests = new Map(scenario.tests.map((test) => [test.name, test]));
  const summary = scenarioSummary(scenario, input.ciBuildUrl);
  return {
    scenario: scenario.scenario,
    href,
    builds: scenario.builds,
    runsLabel: `${scenario.builds} CI build${scenario.builds === 1 ? '' : 's'}, ${scenario.runCount} test result${scenario.runCount === 1 ? '' : 's'}`,
    scoreLabel: `${scenario.score}/${scenario.max}`,
    score: scenario.score,
    percent: scenario.percent,
    ...summary,
    validatedSince: scenario.validatedSince ?? '',
    trend: trendOf(scenario),
    filterText: [scenario.scenario, summary.statusLabel, ...summary.flags].join(' ').toLowerCase(),
    cells: columns.map((column) => {
      const test = tests.get(column.name);
      return test
        ? pointsCell(test, {
            href: `${href}#${testRunsId(test.name)}`,
            markFlaky: true,
            feedbackHref: feedbackOf(test.name),
          })
        : NOT_RUN_CELL;
    }),
  };
}

export function installerPageModel(
  input: SiteInput,
  version: VersionVerdict,
  installer: InstallerVerdict,
): InstallerPageModel {
  const page = sitePaths.installerPage(version.version, installer.installer);
  const root = rootPrefix(page);
  const columns = columnsOf(installer);
  const feedback = feedbackLinksOf(input, version.version, installer.installer, root);
  const { validated, staleValidated, total } = installerCounts(installer);
  return {
    header: headerOf(input, {
      page,
      title: `${installer.installer} · ${version.version}`,
      crumbs: [
        { label: version.version, href: versionAnchor(root, version.version) },
        { label: installer.installer, href: null },
      ],
      version: version.version,
      installer: installer.installer,
    }),
    columns,
    hasInformative: columns.some((column) => !column.scored),
    rows: installer.scenarios.map((scenario) =>
      rowOf(
        input,
        root + sitePaths.scenarioPage(version.version, installer.installer, scenario.scenario),
        columns,
        scenario,
        feedback,
      ),
    ),
    validatedCount: validated - staleValidated,
    staleValidated,
    total,
    hidden: installer.hiddenScenarios ?? 0,
    kept: installer.scenarios.length,
    csvHref: root + sitePaths.installerCsv(version.version, installer.installer),
    validatedHref: root + sitePaths.validatedPage(version.version),
    feedback,
  };
}
