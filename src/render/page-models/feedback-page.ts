// The page model of a feedback report (Tempest, vIMS) for one version and installer: per scenario its
// newest runs, newest first, each with its date, build link, values, checks and failed items.
import {
  formatDuration,
  formatPercent,
  type FeedbackPage,
  type FeedbackRun,
  type FeedbackValue,
} from '../../core/index.js';
import { buildLink } from '../build-link.js';
import { headerOf, versionAnchor, type HeaderModel } from './header.js';
import { rootPrefix, sitePaths } from '../paths.js';
import { feedbackAnchor } from './feedback-links.js';
import type { SiteInput } from '../types.js';

export interface FeedbackValueCell {
  text: string;
  missing: boolean;
}

export interface FeedbackCheckCell {
  label: string;
  threshold: string;
  className: 'pass' | 'fail' | 'unknown';
  symbol: '✓' | '✗' | '?';
  result: string;
}

export interface FeedbackRunRow {
  date: string;
  iso: string;
  buildUrl: string | null;
  buildTag: string;
  buildLabel: string;
  unreadable: string | null;
  values: FeedbackValueCell[];
  checks: FeedbackCheckCell[];
  share: string | null;
  failed: string[];
  failedSummary: string;
}

export interface FeedbackScenarioSection {
  scenario: string;
  id: string;
  scenarioHref: string | null;
  runs: FeedbackRunRow[];
}

export interface FeedbackPageModel {
  header: HeaderModel;
  title: string;
  testCase: string;
  runsPerScenario: number;
  valueLabels: string[];
  checkLabels: string[];
  hasShare: boolean;
  installerHref: string;
  scenarios: FeedbackScenarioSection[];
}

function valueText(value: FeedbackValue): FeedbackValueCell {
  if (value.value === null) return { text: 'not in the details', missing: true };
  if (value.format === 'percent') return { text: formatPercent(value.value), missing: false };
  if (value.format === 'duration') return { text: formatDuration(value.value), missing: false };
  return { text: String(value.value), missing: false };
}

function checkCell(check: FeedbackRun['checks'][number]): FeedbackCheckCell {
  if (check.passed === null) {
    return { ...check, className: 'unknown', symbol: '?', result: 'cannot tell: a value is missing' };
  }
  return check.passed
    ? { ...check, className: 'pass', symbol: '✓', result: 'passed' }
    : { ...check, className: 'fail', symbol: '✗', result: 'failed' };
}

function runRow(entry: FeedbackRun, ciBuildUrl: string): FeedbackRunRow {
  const number = /-(\d+)$/.exec(entry.run.buildTag);
  return {
    date: new Date(entry.run.startedAt).toISOString().slice(0, 16).replace('T', ' '),
    iso: new Date(entry.run.startedAt).toISOString(),
    buildUrl: buildLink(entry.run.buildTag, ciBuildUrl),
    buildTag: entry.run.buildTag,
    buildLabel: number ? `#${number[1]}` : entry.run.buildTag === '' ? '–' : 'build',
    unreadable: entry.unreadable,
    values: entry.values.map(valueText),
    checks: entry.checks.map(checkCell),
    share: entry.share === null ? 'unknown' : `${entry.share}%`,
    failed: entry.failed,
    failedSummary:
      entry.failedCount > entry.failed.length
        ? `${entry.failedCount} failed (the first ${entry.failed.length} listed)`
        : `${entry.failedCount} failed`,
  };
}

export function feedbackPageModel(input: SiteInput, page: FeedbackPage): FeedbackPageModel {
  const path = sitePaths.feedbackPage(page.version, page.report.id, page.installer);
  const root = rootPrefix(path);
  const installerHref = root + sitePaths.installerPage(page.version, page.installer);
  const shown = new Set(
    input.verdict.versions
      .find((version) => version.version === page.version)
      ?.installers.find((installer) => installer.installer === page.installer)
      ?.scenarios.map((scenario) => scenario.scenario) ?? [],
  );
  return {
    header: headerOf(input, {
      page: path,
      title: `${page.report.title} · ${page.installer} · ${page.version}`,
      crumbs: [
        { label: page.version, href: versionAnchor(root, page.version) },
        { label: page.installer, href: installerHref },
        { label: page.report.title, href: null },
      ],
      version: page.version,
      installer: page.installer,
    }),
    title: page.report.title,
    testCase: page.report.testCase,
    runsPerScenario: page.report.runs,
    valueLabels: page.report.values.map((value) => value.label),
    checkLabels: page.report.checks.map((check) => check.label),
    hasShare: page.report.share,
    installerHref,
    scenarios: page.scenarios.map((scenario) => ({
      scenario: scenario.scenario,
      id: feedbackAnchor(scenario.scenario),
      scenarioHref: shown.has(scenario.scenario)
        ? root + sitePaths.scenarioPage(page.version, page.installer, scenario.scenario)
        : null,
      runs: scenario.runs.map((run) => runRow(run, input.ciBuildUrl)),
    })),
  };
}
