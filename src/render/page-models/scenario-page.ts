// `<version>/<installer>/<scenario>.html`: per test case, its points, the rule line behind them and its runs.
import {
  type CriteriaSet,
  type InstallerVerdict,
  type ScenarioVerdict,
  type VersionVerdict,
} from '../../core/index.js';
import { rootPrefix, sitePaths, testRunsId } from '../paths.js';
import type { SiteInput } from '../types.js';
import { pointsCell, scenarioSummary, type PointsCell, type ScenarioSummary } from './cells.js';
import { formatInstant, headerOf, versionAnchor, type HeaderModel } from './header.js';
import { trendOf } from './installer-page.js';
import { runGridOf, type RunGrid } from './run-grid.js';

export interface TestRow {
  name: string;
  project: string;
  tier: string;
  informative: boolean;
  criteria: string;
  cell: PointsCell;
  reason: string;
}

export interface ScenarioPageModel extends ScenarioSummary {
  header: HeaderModel;
  scenario: string;
  scoreLabel: string;
  builds: number;
  runsLabel: string;
  lastRunLabel: string;
  validatedSinceLabel: string;
  trend: number[];
  installerHref: string;
  tests: TestRow[];
  grid: RunGrid;
}

const criteriaTextCache = new WeakMap<CriteriaSet, Map<string, string>>();

/** (project, test case) → criteria expression text, built once per criteria set rather than once per page. */
function criteriaTexts(criteria: CriteriaSet): Map<string, string> {
  let texts = criteriaTextCache.get(criteria);
  if (!texts) {
    texts = new Map(criteria.testCases.map((t) => [`${t.project}\u0000${t.name}`, t.criteriaText]));
    criteriaTextCache.set(criteria, texts);
  }
  return texts;
}

export function scenarioPageModel(
  input: SiteInput,
  version: VersionVerdict,
  installer: InstallerVerdict,
  scenario: ScenarioVerdict,
): ScenarioPageModel {
  const page = sitePaths.scenarioPage(version.version, installer.installer, scenario.scenario);
  const root = rootPrefix(page);
  const installerHref = root + sitePaths.installerPage(version.version, installer.installer);
  const criteriaText = criteriaTexts(input.criteria);
  return {
    header: headerOf(input, {
      page,
      title: `${scenario.scenario} · ${installer.installer} · ${version.version}`,
      crumbs: [
        { label: version.version, href: versionAnchor(root, version.version) },
        { label: installer.installer, href: installerHref },
        { label: scenario.scenario, href: null },
      ],
      version: version.version,
      installer: installer.installer,
    }),
    scenario: scenario.scenario,
    scoreLabel: `${scenario.score}/${scenario.max}`,
    ...scenarioSummary(scenario, input.ciBuildUrl),
    builds: scenario.builds,
    runsLabel: `${scenario.runCount} test result${scenario.runCount === 1 ? '' : 's'}`,
    lastRunLabel: scenario.newestRunAt === null ? 'none in the period' : formatInstant(scenario.newestRunAt),
    validatedSinceLabel: scenario.validatedSince || 'not validated',
    trend: trendOf(scenario),
    installerHref,
    tests: scenario.tests.map((test) => ({
      name: test.name,
      project: test.project,
      tier: test.tier,
      informative: !test.scored,
      criteria: criteriaText.get(`${test.project}\u0000${test.name}`) ?? '',
      cell: pointsCell(test, { href: `#${testRunsId(test.name)}`, markFlaky: true }),
      reason: test.reason,
    })),
    grid: runGridOf(scenario, input.ciBuildUrl),
  };
}
