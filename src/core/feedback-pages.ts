// Which feedback runs each page shows: one page per report, version and installer of the verdict,
// per scenario the newest runs in the window, newest first.
import { compareRuns, sameRun } from './collect.js';
import { compareText } from './names.js';
import { architectureOf } from './scope.js';
import type { FeedbackReport, FeedbackRun } from './feedback.js';
import type { Verdict } from './model.js';

export interface FeedbackScenario {
  scenario: string;
  /** Newest first, at most report.runs. */
  runs: FeedbackRun[];
}

export interface FeedbackPage {
  report: FeedbackReport;
  version: string;
  /** As the verdict names it: `fuel`, or `fuel@aarch64` when the architecture split is on. */
  installer: string;
  scenarios: FeedbackScenario[];
}

/** `fuel@aarch64` holds fuel's runs on aarch64 pods; `fuel` all of fuel's. */
function belongsTo(run: FeedbackRun['run'], installer: string): boolean {
  const [base, arch] = installer.split('@');
  return run.installer === base && (arch === undefined || architectureOf(run.pod) === arch);
}

function newestPerScenario(runs: readonly FeedbackRun[], count: number): FeedbackScenario[] {
  const byScenario = new Map<string, FeedbackRun[]>();
  for (const entry of runs) {
    const list = byScenario.get(entry.run.scenario);
    if (list === undefined) byScenario.set(entry.run.scenario, [entry]);
    else list.push(entry);
  }
  return [...byScenario.keys()].sort(compareText).map((scenario) => ({
    scenario,
    runs: newestDistinct(byScenario.get(scenario) ?? [], count),
  }));
}

/** The newest `count` runs, a run read twice (two exports concatenated) shown once, as scoring counts it. */
function newestDistinct(runs: FeedbackRun[], count: number): FeedbackRun[] {
  const kept: FeedbackRun[] = [];
  for (const entry of runs.sort((a, b) => compareRuns(b.run, a.run))) {
    if (kept.length === count) break;
    if (!kept.some((other) => sameRun(other.run, entry.run))) kept.push(entry);
  }
  return kept;
}

/**
 * Every page of every report: each version and installer of the verdict gets one, empty or not, so
 * the status page can always link to it. `runs` holds each report's runs already inside the window.
 */
export function buildFeedbackPages(
  reports: readonly FeedbackReport[],
  runs: ReadonlyMap<string, readonly FeedbackRun[]>,
  verdict: Verdict,
): FeedbackPage[] {
  return reports.flatMap((report) =>
    verdict.versions.flatMap((version) =>
      version.installers.map((installer) => ({
        report,
        version: version.version,
        installer: installer.installer,
        scenarios: newestPerScenario(
          (runs.get(report.id) ?? []).filter(
            (entry) => entry.run.version === version.version && belongsTo(entry.run, installer.installer),
          ),
          report.runs,
        ),
      })),
    ),
  );
}
