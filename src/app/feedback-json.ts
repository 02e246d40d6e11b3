// status.json `feedback[]`: the figures of the Tempest and vIMS pages, one entry per report, version and
// installer, scenarios by name, runs newest first.
import { buildUrlFor, instantText, type FeedbackPage, type FeedbackRun } from '../core/index.js';

export function feedbackJson(page: FeedbackPage, ciBuildUrl: string) {
  return {
    report: page.report.id,
    title: page.report.title,
    testCase: page.report.testCase,
    version: page.version,
    installer: page.installer,
    scenarios: page.scenarios.map((scenario) => ({
      scenario: scenario.scenario,
      runs: scenario.runs.map((run) => feedbackRunJson(run, ciBuildUrl)),
    })),
  };
}

function feedbackRunJson(entry: FeedbackRun, ciBuildUrl: string) {
  return {
    date: instantText(entry.run.startedAt),
    buildTag: entry.run.buildTag,
    buildUrl: buildUrlFor(entry.run.buildTag, ciBuildUrl),
    unreadable: entry.unreadable,
    values: entry.values.map(({ name, label, value }) => ({ name, label, value })),
    checks: entry.checks,
    failed: entry.failed,
    failedCount: entry.failedCount,
    share: entry.share,
  };
}
