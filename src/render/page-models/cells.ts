// The pieces several pages print the same way (the partials' models, and the points cell's markup): a
// scenario's status, its bar, a points cell, a build link, one run. Each is decided here once, so a KO
// is the same red everywhere.
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
import { html, joinHtml, type Html } from '../html.js';
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

/**
 * Where a points cell leads (the runs behind its points: the scenario page's run grid row, or null where
 * they are shown beside it), whether it carries the flaky mark (the run grid's row header does), and
 * the test case's feedback page (Tempest, vIMS) at this scenario, or null.
 */
export interface PointsLink {
  href: string | null;
  markFlaky: boolean;
  feedbackHref?: string | null;
}

/** A test case's points in a table cell: `-` and "not run" where the scenario did not run it. */
export type PointsCell = Html;

/** The cell of a test case a scenario did not run (sorted below every points cell). */
// Opening and closing tags in separate pieces: Prettier's formatter of html`` would close an open tag.
// prettier-ignore
export const NOT_RUN_CELL: PointsCell = joinHtml([
  html`<td class="points na" data-sort="-1" title="not run on this scenario">`,
  html`<span aria-hidden="true">–</span><span class="vh">not run</span></td>\n`,
]);

/**
 * A test case's points cell, written here rather than by a template: a status page has one per
 * scenario and test case and a scenario page two per test case, some 65,000 on a full site, where the
 * template's partial cost more than its markup. Each value is escaped by `html`; each cell ends its line.
 */
export function pointsCell(
  test: TestCaseVerdict,
  link: PointsLink = { href: null, markFlaky: false },
): PointsCell {
  const { points, scored } = test;
  const className = scored ? `p${points}` : `p${points} info`;
  const sortValue = String(scored ? points : points - 10);
  const label = `${points} point${points === 1 ? '' : 's'}${scored ? '' : ' (informative)'}`;
  const { flips, stability } = stabilityOf(test.runs);
  const flipsLabel = `flaky: ${flipsText(flips)}`;
  const shown = joinHtml([
    html`<span class="pts">${String(points)}</span>`,
    html`<span class="sym" aria-hidden="true">${SYMBOLS[points]}</span><span class="vh">${label}</span>`,
  ]);
  // Prettier would close the opening tag (see NOT_RUN_CELL).
  // prettier-ignore
  return joinHtml([
    html`<td class="points ${className}" data-sort="${sortValue}" title="${test.reason}">`,
    link.href === null ? shown : html`<a class="pts-link" href="${link.href}">${shown}</a>`,
    link.markFlaky && stability === 'flaky'
      ? html`<span class="flaky-mark" title="${flipsLabel}">flaky</span>`
      : NOTHING,
    scored ? NOTHING : INFO_TAG,
    link.feedbackHref ? feedbackLink(link.feedbackHref) : NOTHING,
    CELL_END,
  ]);
}

/** How often a test case changed between pass and fail: the flaky mark's title, wherever it is shown. */
export const flipsText = (flips: number): string =>
  `${flips} flip${flips === 1 ? '' : 's'} between pass and fail in the period`;

const NOTHING = html``;
const INFO_TAG = html`<span class="info-tag">info</span>`;
const CELL_END = html`</td>\n`;
const feedbackLink = (href: string) =>
  html` <a class="feedback-link" href="${href}" title="feedback page of this test case">feedback</a>`;

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
