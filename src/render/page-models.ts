// Page models: plain data computed from the verdict and the state, so templates only print values
// and loop (if/each). Classes, labels, widths, links and sort keys are all decided here.
import {
  conditionOf,
  installerCounts,
  own,
  type ChangeKind,
  type CriteriaSet,
  type InstallerVerdict,
  type Points,
  type Run,
  type ScenarioDay,
  type ScoringRule,
  type ScenarioVerdict,
  type TestCaseVerdict,
  type ValidatedRecord,
  type VersionVerdict,
} from '../core/index.js';
import { buildLink } from './build-link.js';
import { rootPrefix, sitePaths } from './paths.js';
import type { SiteInput } from './types.js';

export interface Crumb {
  label: string;
  href: string | null;
}

export interface HeaderModel {
  title: string;
  root: string;
  crumbs: Crumb[];
  version: string | null;
  installer: string | null;
  asOf: string;
  periodDays: number;
  rule: string;
  generatedAt: string;
  legend: Array<{ points: Points; className: string; symbol: string; meaning: string }>;
  /** "What changed" pages: the page's version, or every version on the overview. */
  changes: Array<{ label: string; href: string }>;
  /** The installer page's Atom feed, for <link rel="alternate">. */
  feed: { href: string; title: string } | null;
}

export interface PointsCell {
  present: boolean;
  scored: boolean;
  points: number;
  className: string;
  symbol: string;
  label: string;
  reason: string;
  sortValue: number;
  infoTag: boolean;
}

const SYMBOLS: Record<Points, string> = { 0: '○○○', 1: '●○○', 2: '●●○', 3: '●●●' };
const EMPTY_CELL: PointsCell = {
  present: false,
  scored: false,
  points: 0,
  className: 'na',
  symbol: '',
  label: 'not run',
  reason: 'not run on this scenario',
  sortValue: -1,
  infoTag: false,
};

/** The version's section of the overview: versions have no page of their own. */
function versionAnchor(root: string, version: string): string {
  return `${root}index.html#${versionId(version)}`;
}

function versionId(version: string): string {
  return `v-${sitePaths.versionDir(version)}`;
}

/** What each number of points means under the rule that produced them (the legend of every page). */
const LEGEND: Record<ScoringRule, Record<Points, string>> = {
  documented: {
    3: 'at least four runs in the period and the last four passed',
    2: 'three of the last four runs passed',
    1: 'passed at least once in the period',
    0: 'no run passed, or no run at all',
  },
  'legacy-2016': {
    3: 'at least four runs and the newest four passed',
    2: 'passed at least twice, but not the newest four',
    1: 'passed exactly once',
    0: 'no run passed, or no run at all',
  },
};

function legendOf(rule: ScoringRule) {
  return ([3, 2, 1, 0] as const).map((points) => ({
    points,
    className: `p${points}`,
    symbol: SYMBOLS[points],
    meaning: LEGEND[rule][points],
  }));
}

function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatRunDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function header(
  input: SiteInput,
  page: string,
  title: string,
  crumbs: Crumb[],
  version?: string,
  installer?: string,
) {
  const root = rootPrefix(page);
  return {
    title,
    root,
    crumbs: [{ label: 'Overview', href: page === 'index.html' ? null : `${root}index.html` }, ...crumbs],
    version: version ?? null,
    installer: installer ?? null,
    asOf: formatInstant(input.verdict.asOf),
    periodDays: input.verdict.periodDays,
    rule: input.verdict.rule,
    generatedAt: formatInstant(input.generatedAt),
    legend: legendOf(input.verdict.rule),
    changes: (version === undefined ? input.verdict.versions.map((v) => v.version) : [version]).map(
      (name) => ({
        label: version === undefined ? `What changed · ${name}` : 'What changed',
        href: root + sitePaths.changesPage(name),
      }),
    ),
    feed:
      version !== undefined && installer !== undefined
        ? {
            href: root + sitePaths.installerFeed(version, installer),
            title: `${installer} · ${version} changes`,
          }
        : null,
  } satisfies HeaderModel;
}

function statusOf(scenario: ScenarioVerdict) {
  const condition = conditionOf(scenario);
  return {
    status: scenario.status,
    statusClass: condition.tone,
    statusLabel: condition.word,
    statusReason: condition.reason,
    barClass: condition.tone,
    flags: condition.flags,
  };
}

/** Link text for a build: its number when the tag ends with one (jenkins-…-324 → #324). */
function buildLabelOf(buildTag: string | null): string {
  if (!buildTag) return '–';
  const number = /-(\d+)$/.exec(buildTag);
  return number ? `#${number[1]}` : 'build';
}

function pointsCell(test: TestCaseVerdict): PointsCell {
  return {
    present: true,
    scored: test.scored,
    points: test.points,
    className: test.scored ? `p${test.points}` : `p${test.points} info`,
    symbol: SYMBOLS[test.points],
    label: `${test.points} point${test.points === 1 ? '' : 's'}${test.scored ? '' : ' (informative)'}`,
    reason: test.reason,
    sortValue: test.scored ? test.points : test.points - 10,
    infoTag: !test.scored,
  };
}

function percentsFromHistory(days: Record<string, ScenarioDay> | undefined): number[] {
  if (!days) return [];
  return Object.keys(days)
    .sort()
    .map((date) => days[date]!.percent);
}

function trendOf(input: SiteInput, version: string, installer: string, scenario: ScenarioVerdict): number[] {
  if (scenario.trend && scenario.trend.length > 0) return scenario.trend;
  const fromHistory = percentsFromHistory(
    own(own(own(input.history, version), installer), scenario.scenario),
  );
  return fromHistory.length > 0 ? fromHistory : [scenario.percent];
}

function validatedSinceOf(
  input: SiteInput,
  version: string,
  installer: string,
  scenario: ScenarioVerdict,
): string {
  if (scenario.validatedSince !== undefined) return scenario.validatedSince ?? '';
  if (!scenario.validated) return '';
  return own(own(own(input.validated, version), installer), scenario.scenario)?.firstValidated ?? '';
}

interface Column {
  name: string;
  scored: boolean;
}

/** Scored test cases first (any scenario scores them), then the informative ones that ran, each by name. */
function columnsOf(installer: InstallerVerdict): Column[] {
  const scored = new Set<string>();
  const informative = new Set<string>();
  for (const scenario of installer.scenarios) {
    for (const test of scenario.tests) (test.scored ? scored : informative).add(test.name);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [
    ...[...scored].sort(byName).map((name) => ({ name, scored: true })),
    ...[...informative]
      .filter((name) => !scored.has(name))
      .sort(byName)
      .map((name) => ({ name, scored: false })),
  ];
}

export function installerPageModel(input: SiteInput, version: VersionVerdict, installer: InstallerVerdict) {
  const hidden = installer.hiddenScenarios ?? 0;
  const page = sitePaths.installerPage(version.version, installer.installer);
  const root = rootPrefix(page);
  const columns = columnsOf(installer);
  const rows = installer.scenarios.map((scenario) => {
    const tests = new Map(scenario.tests.map((test) => [test.name, test]));
    const buildUrl = buildLink(scenario.lastBuildTag, input.ciBuildUrl);
    const status = statusOf(scenario);
    return {
      scenario: scenario.scenario,
      href: root + sitePaths.scenarioPage(version.version, installer.installer, scenario.scenario),
      runs: scenario.runs,
      scoreLabel: `${scenario.score}/${scenario.max}`,
      score: scenario.score,
      percent: scenario.percent,
      percentLabel: `${scenario.percent.toFixed(1)}%`,
      barWidth: Math.min(100, Math.max(0, scenario.percent)),
      ...status,
      validatedSince: validatedSinceOf(input, version.version, installer.installer, scenario),
      trend: trendOf(input, version.version, installer.installer, scenario),
      buildUrl,
      buildTag: scenario.lastBuildTag ?? '',
      buildLabel: buildLabelOf(scenario.lastBuildTag),
      filterText: [scenario.scenario, status.statusLabel, ...status.flags].join(' ').toLowerCase(),
      cells: columns.map((column) => {
        const test = tests.get(column.name);
        return test ? pointsCell(test) : EMPTY_CELL;
      }),
    };
  });
  const { validated, staleValidated, total } = installerCounts(installer);
  return {
    header: header(
      input,
      page,
      `${installer.installer} · ${version.version}`,
      [
        { label: version.version, href: versionAnchor(root, version.version) },
        { label: installer.installer, href: null },
      ],
      version.version,
      installer.installer,
    ),
    columns: columns.map((column) => ({
      ...column,
      label: column.scored ? column.name : `${column.name} (info)`,
      className: column.scored ? 'test' : 'test informative',
    })),
    hasInformative: columns.some((column) => !column.scored),
    rows,
    validatedCount: validated - staleValidated,
    staleValidated,
    total,
    hidden,
    csvHref: root + sitePaths.installerCsv(version.version, installer.installer),
    validatedHref: root + sitePaths.validatedPage(version.version),
  };
}

function runChip(run: Run, ciBuildUrl: string) {
  return {
    passed: run.passed,
    className: run.passed ? 'pass' : 'fail',
    symbol: run.passed ? '✓' : '✗',
    label: run.passed ? 'PASS' : 'FAIL',
    date: formatRunDate(run.startedAt),
    iso: new Date(run.startedAt).toISOString(),
    buildLabel: buildLabelOf(run.buildTag),
    pod: run.pod,
    buildTag: run.buildTag,
    buildUrl: buildLink(run.buildTag, ciBuildUrl),
    note: run.failureNote ?? '',
  };
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
) {
  const page = sitePaths.scenarioPage(version.version, installer.installer, scenario.scenario);
  const root = rootPrefix(page);
  const criteriaText = criteriaTexts(input.criteria);
  return {
    header: header(
      input,
      page,
      `${scenario.scenario} · ${installer.installer} · ${version.version}`,
      [
        { label: version.version, href: versionAnchor(root, version.version) },
        {
          label: installer.installer,
          href: root + sitePaths.installerPage(version.version, installer.installer),
        },
        { label: scenario.scenario, href: null },
      ],
      version.version,
      installer.installer,
    ),
    scenario: scenario.scenario,
    scoreLabel: `${scenario.score}/${scenario.max}`,
    percentLabel: `${scenario.percent.toFixed(1)}%`,
    barWidth: Math.min(100, Math.max(0, scenario.percent)),
    ...statusOf(scenario),
    runs: scenario.runs,
    lastRunLabel: scenario.lastRun === null ? 'none in the period' : formatInstant(scenario.lastRun),
    validatedSinceLabel:
      validatedSinceOf(input, version.version, installer.installer, scenario) || 'not validated',
    trend: trendOf(input, version.version, installer.installer, scenario),
    buildUrl: buildLink(scenario.lastBuildTag, input.ciBuildUrl),
    buildTag: scenario.lastBuildTag ?? '',
    buildLabel: buildLabelOf(scenario.lastBuildTag),
    installerHref: root + sitePaths.installerPage(version.version, installer.installer),
    tests: scenario.tests.map((test) => ({
      name: test.name,
      project: test.project,
      tier: test.tier,
      informative: !test.scored,
      criteria: criteriaText.get(`${test.project}\u0000${test.name}`) ?? '',
      cell: pointsCell(test),
      reason: test.reason,
      runs: test.runs.map((run) => runChip(run, input.ciBuildUrl)),
    })),
  };
}

/** Share of validated scenarios per report day, from the state history, oldest first. */
function installerTrend(
  days: Record<string, Record<string, ScenarioDay>> | undefined,
  current: number,
): number[] {
  const perDate = new Map<string, { ok: number; total: number }>();
  for (const scenarioDays of Object.values(days ?? {})) {
    for (const [date, day] of Object.entries(scenarioDays)) {
      const entry = perDate.get(date) ?? { ok: 0, total: 0 };
      entry.total += 1;
      if (day.status === 'OK') entry.ok += 1;
      perDate.set(date, entry);
    }
  }
  const dates = [...perDate.keys()].sort();
  if (dates.length === 0) return [current];
  return dates.map((date) => {
    const { ok, total } = perDate.get(date)!;
    return (ok / total) * 100;
  });
}

export function indexPageModel(input: SiteInput) {
  const { documents } = input;
  return {
    header: header(input, 'index.html', 'Scenario status', []),
    documents: {
      read: documents.read,
      used: documents.used,
      rejected: documents.rejected,
      rejectedReasons: Object.entries(documents.rejectedReasons)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([reason, count]) => ({ reason, count })),
    },
    versions: input.verdict.versions.map((version) => ({
      version: version.version,
      id: versionId(version.version),
      validatedHref: sitePaths.validatedPage(version.version),
      installers: version.installers.map((installer) => {
        const counts = installerCounts(installer);
        const { stale, total } = counts;
        const validated = counts.validated - counts.staleValidated;
        const percent = total === 0 ? 0 : (validated / total) * 100;
        return {
          installer: installer.installer,
          stale,
          href: sitePaths.installerPage(version.version, installer.installer),
          csvHref: sitePaths.installerCsv(version.version, installer.installer),
          validated,
          total,
          countLabel: `${validated}/${total}`,
          percentLabel: `${percent.toFixed(0)}%`,
          barWidth: percent,
          barClass: validated === total && total > 0 ? 'ok' : 'ko',
          trend: installerTrend(own(own(input.history, version.version), installer.installer), percent),
        };
      }),
    })),
  };
}

/** A link from a page at `root` to a scenario's page, or null when this report has no page for it. */
function scenarioLinker(
  version: VersionVerdict,
  root: string,
): (installer: string, scenario: string) => string | null {
  const shown = new Set(
    version.installers.flatMap((installer) =>
      installer.scenarios.map((s) => `${installer.installer}\u0000${s.scenario}`),
    ),
  );
  return (installer, scenario) =>
    shown.has(`${installer}\u0000${scenario}`)
      ? root + sitePaths.scenarioPage(version.version, installer, scenario)
      : null;
}

export function validatedPageModel(input: SiteInput, version: VersionVerdict) {
  const page = sitePaths.validatedPage(version.version);
  const root = rootPrefix(page);
  const linkTo = scenarioLinker(version, root);
  const rows: Array<{ installer: string; scenario: string; href: string | null } & ValidatedRecord> = [];
  for (const [installer, scenarios] of Object.entries(own(input.validated, version.version) ?? {})) {
    for (const [scenario, record] of Object.entries(scenarios)) {
      rows.push({ installer, scenario, href: linkTo(installer, scenario), ...record });
    }
  }
  rows.sort((a, b) =>
    a.installer === b.installer ? (a.scenario < b.scenario ? -1 : 1) : a.installer < b.installer ? -1 : 1,
  );
  return {
    header: header(
      input,
      page,
      `Validated scenarios · ${version.version}`,
      [{ label: version.version, href: versionAnchor(root, version.version) }],
      version.version,
    ),
    version: version.version,
    rows,
    installers: version.installers.map((installer) => ({
      installer: installer.installer,
      href: root + sitePaths.installerPage(version.version, installer.installer),
    })),
  };
}

const CHANGE_LABELS: Record<ChangeKind, string> = {
  validated: 'validated',
  'lost-validation': 'lost validation',
  points: 'points moved',
  stale: 'became stale',
  back: 'runs again',
  missing: 'test missing',
  new: 'new scenario',
};

/** `<version>/changes.html`: newest report day first, each change with a link to its scenario. */
export function changesPageModel(input: SiteInput, version: VersionVerdict) {
  const page = sitePaths.changesPage(version.version);
  const root = rootPrefix(page);
  const linkTo = scenarioLinker(version, root);
  const days = input.changes.find((entry) => entry.version === version.version)?.days ?? [];
  return {
    header: header(
      input,
      page,
      `What changed · ${version.version}`,
      [{ label: version.version, href: versionAnchor(root, version.version) }],
      version.version,
    ),
    version: version.version,
    days: days.map((day) => ({
      day: day.day,
      previousDay: day.previousDay,
      changes: day.changes.map((change) => ({
        installer: change.installer,
        scenario: change.scenario,
        href: linkTo(change.installer, change.scenario),
        kind: change.kind,
        kindLabel: CHANGE_LABELS[change.kind],
        good:
          change.kind === 'validated' ||
          change.kind === 'back' ||
          (change.kind === 'points' && (change.to ?? 0) > (change.from ?? 0)),
        note: change.note,
      })),
    })),
    feeds: version.installers.map((installer) => ({
      installer: installer.installer,
      href: root + sitePaths.installerFeed(version.version, installer.installer),
    })),
  };
}
