// The pieces several pages print the same way (the partials' models): a scenario's status, its bar,
// a points cell, a build link, one run. Each is decided here once, so a KO is the same red everywhere.
import {
  conditionOf,
  memoised,
  stabilityOf,
  type Run,
  type ScenarioVerdict,
  type TestCaseVerdict,
  type Tone,
  type VersionVerdict,
} from '../../core/index.js';
import { buildLink } from '../build-link.js';
import { sitePaths } from '../paths.js';
import { SYMBOLS } from './header.js';

/** status.hbs */
export interface StatusModel {
  statusClass: Tone;
  statusLabel: string;
  statusReason: string;
  flags: string[];
}

/** bar.hbs */
export interface BarModel {
  barClass: string;
  barWidth: number;
  percentLabel: string;
}

/** build-link.hbs */
export interface BuildLinkModel {
  buildUrl: string | null;
  buildTag: string;
  buildLabel: string;
}

/** points.hbs */
export interface PointsCell {
  present: boolean;
  /** The runs behind the points (the scenario page's run grid row), or null where they are shown beside it. */
  href: string | null;
  /** It changed between pass and fail often enough to be flaky rather than broken (core/flips). */
  flaky: boolean;
  flipsLabel: string;
  scored: boolean;
  points: number;
  className: string;
  symbol: string;
  label: string;
  reason: string;
  sortValue: number;
  infoTag: boolean;
  /** The test case's feedback page (Tempest, vIMS) at this scenario, or null. */
  feedbackHref: string | null;
}

export interface RunCell extends BuildLinkModel {
  passed: boolean;
  className: string;
  symbol: string;
  label: string;
  date: string;
  iso: string;
  pod: string;
  note: string;
}

export const EMPTY_CELL: PointsCell = {
  present: false,
  href: null,
  flaky: false,
  flipsLabel: '',
  scored: false,
  points: 0,
  className: 'na',
  symbol: '',
  label: 'not run',
  reason: 'not run on this scenario',
  sortValue: -1,
  infoTag: false,
  feedbackHref: null,
};

export function statusOf(scenario: ScenarioVerdict): StatusModel {
  const condition = conditionOf(scenario);
  return {
    statusClass: condition.tone,
    statusLabel: condition.word,
    statusReason: condition.reason,
    flags: condition.flags,
  };
}

export function scenarioBar(scenario: ScenarioVerdict): BarModel {
  return {
    barClass: conditionOf(scenario).tone,
    barWidth: Math.min(100, Math.max(0, scenario.percent)),
    percentLabel: `${scenario.percent.toFixed(1)}%`,
  };
}

/** Link text for a build: its number when the tag ends with one (jenkins-…-324 → #324). */
function buildLabelOf(buildTag: string | null): string {
  if (!buildTag) return '–';
  const number = /-(\d+)$/.exec(buildTag);
  return number ? `#${number[1]}` : 'build';
}

export function buildLinkOf(buildTag: string | null, ciBuildUrl: string): BuildLinkModel {
  return {
    buildUrl: buildLink(buildTag, ciBuildUrl),
    buildTag: buildTag ?? '',
    buildLabel: buildLabelOf(buildTag),
  };
}

/** buildLinkOf for one CI pattern, remembered per build tag: every run of a CI build carries its tag. */
export function buildLinker(ciBuildUrl: string): (buildTag: string) => BuildLinkModel {
  return memoised((buildTag: string) => buildLinkOf(buildTag, ciBuildUrl));
}

/** What a scenario shows wherever it is summed up (its row on the status page, the head of its own page). */
export interface ScenarioSummary extends StatusModel, BarModel, BuildLinkModel {}

export function scenarioSummary(scenario: ScenarioVerdict, ciBuildUrl: string): ScenarioSummary {
  return {
    ...scenarioBar(scenario),
    ...statusOf(scenario),
    ...buildLinkOf(scenario.lastBuildTag, ciBuildUrl),
  };
}

/** Where a points cell leads, and whether it carries the flaky mark (the run grid's row header does). */
export interface PointsLink {
  href: string | null;
  markFlaky: boolean;
}

export function pointsCell(
  test: TestCaseVerdict,
  link: PointsLink = { href: null, markFlaky: false },
): PointsCell {
  const { flips, stability } = stabilityOf(test.runs);
  return {
    present: true,
    href: link.href,
    flaky: link.markFlaky && stability === 'flaky',
    flipsLabel: `flaky: ${flips} flip${flips === 1 ? '' : 's'} between pass and fail in the period`,
    scored: test.scored,
    points: test.points,
    className: test.scored ? `p${test.points}` : `p${test.points} info`,
    symbol: SYMBOLS[test.points],
    label: `${test.points} point${test.points === 1 ? '' : 's'}${test.scored ? '' : ' (informative)'}`,
    reason: test.reason,
    sortValue: test.scored ? test.points : test.points - 10,
    infoTag: !test.scored,
    feedbackHref: null,
  };
}

/** `linkOf`: buildLinker's, shared by the runs of a page. */
export function runCell(run: Run, linkOf: (buildTag: string) => BuildLinkModel): RunCell {
  const iso = new Date(run.startedAt).toISOString();
  return {
    passed: run.passed,
    className: run.passed ? 'pass' : 'fail',
    symbol: run.passed ? '✓' : '✗',
    label: run.passed ? 'PASS' : 'FAIL',
    date: iso.slice(0, 16).replace('T', ' '),
    iso,
    pod: run.pod,
    note: run.failureNote ?? '',
    ...linkOf(run.buildTag),
  };
}

/** A link from a page at `root` to a scenario's page, or null when this report has no page for it. */
export function scenarioLinker(
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
