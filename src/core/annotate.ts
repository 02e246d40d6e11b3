// The verdict completed with what only the state remembers: since when a scenario is validated, its
// daily trend, the scenarios and installers with no run in this window (an outage shows them stale, never
// drops them), and, for a run scoped to some installers, the others as they were last reported. Pure.
import { validatedRecords, type ReportState } from './history.js';
import type { InstallerVerdict, ScenarioDay, ScenarioVerdict, ValidatedRecord, Verdict } from './model.js';
import { compareText, own } from './names.js';

export interface AnnotateOptions {
  day: string;
  /** Report days the trend covers, ending with the report day. */
  trendDays: number;
}

/**
 * The verdict with what only the state knows: validated since, the daily trend, and the scenarios that
 * were validated before but did not run in this window ("validated on DATE, not run since", stale).
 */
export function annotateVerdict(verdict: Verdict, state: ReportState, options: AnnotateOptions): Verdict {
  const validated = validatedRecords(state.history, state.archive, options.day);
  return {
    ...verdict,
    versions: verdict.versions.map((version) => ({
      ...version,
      installers: version.installers.map((installer) => {
        const days = own(own(state.history, version.version), installer.installer);
        const records = own(own(validated, version.version), installer.installer) ?? {};
        const present = new Set(installer.scenarios.map((scenario) => scenario.scenario));
        const annotated = installer.scenarios.map((scenario) => ({
          ...scenario,
          validatedSince: scenario.validated
            ? streakStart(own(days, scenario.scenario) ?? {}, options.day)
            : null,
          notRunSince: null,
          trend: trendOf(own(days, scenario.scenario) ?? {}, options),
        }));
        const notRun = Object.entries(records)
          .filter(([scenario]) => !present.has(scenario))
          .map(([scenario, record]) =>
            notRunScenario(scenario, record, trendOf(own(days, scenario) ?? {}, options)),
          );
        for (const scenario of notRun) present.add(scenario.scenario);
        // An installer without a run in the window (a lab outage) keeps the rest of its last picture too.
        const lastKnown =
          installer.scenarios.length > 0
            ? []
            : lastReportedScenarios(days ?? {}, options.day)
                .scenarios.filter(([scenario]) => !present.has(scenario))
                .map(([scenario, entry]) =>
                  lastKnownScenario(scenario, entry, trendOf(own(days, scenario) ?? {}, options)),
                );
        return {
          ...installer,
          scenarios: [...annotated, ...notRun, ...lastKnown].sort((a, b) =>
            compareText(a.scenario, b.scenario),
          ),
          lastResult: lastResultOf(days ?? {}, options.day),
        };
      }),
    })),
  };
}

/** The newest run recorded on any report day up to `day`, or null when none was. */
function lastResultOf(byScenario: Record<string, Record<string, ScenarioDay>>, day: string): number | null {
  let newest = '';
  for (const days of Object.values(byScenario)) {
    for (const [past, entry] of Object.entries(days)) {
      if (past <= day && entry.lastRun !== undefined && entry.lastRun > newest) newest = entry.lastRun;
    }
  }
  return newest === '' ? null : Date.parse(newest);
}

/**
 * Every installer the state knows for the versions reported (or asked for) that the window has no run
 * of, added without scenarios: a lab outage shows it stale ("validated on DATE, not run since", "no
 * result since") instead of dropping it from the pages. `installers`, when given, limits which installers
 * are added (a partial run); `versions` are the versions asked for, empty = every version known.
 */
export function withKnownInstallers(
  verdict: Verdict,
  state: ReportState,
  asked: { versions: string[]; installers: string[] },
): Verdict {
  const wanted = (installer: string) =>
    asked.installers.length === 0 || asked.installers.includes(installer.split('@')[0] ?? installer);
  const known = (version: string) =>
    [
      ...Object.keys(own(state.history, version) ?? {}),
      ...Object.keys(own(state.validated, version) ?? {}),
    ].filter(wanted);
  const reported = new Set(verdict.versions.map((version) => version.version));
  // Asked-for versions are all in the verdict already; discovered ones are in name order, kept so.
  const extra = [...new Set([...Object.keys(state.history), ...Object.keys(state.validated)])]
    .filter((version) => asked.versions.length === 0 && !reported.has(version))
    .map((version) => ({ version, installers: [] as InstallerVerdict[] }));
  const versions = [...verdict.versions, ...extra];
  if (asked.versions.length === 0) versions.sort((a, b) => compareText(a.version, b.version));
  return {
    ...verdict,
    versions: versions.map((version) => {
      const present = new Set(version.installers.map((installer) => installer.installer));
      const missing = [...new Set(known(version.version))]
        .filter((name) => !present.has(name))
        .map((installer) => ({ installer, scenarios: [] }));
      const installers = [...version.installers, ...missing];
      if (asked.installers.length === 0) installers.sort((a, b) => compareText(a.installer, b.installer));
      return { ...version, installers };
    }),
  };
}

/** First day of the unbroken run of validated report days that ends on `day`. */
function streakStart(days: Record<string, ScenarioDay>, day: string): string {
  let start = day;
  for (const past of Object.keys(days).sort().reverse()) {
    if (past > day) continue;
    if (own(days, past)?.status !== 'OK') break;
    start = past;
  }
  return start;
}

function trendOf(days: Record<string, ScenarioDay>, options: AnnotateOptions): number[] {
  return Object.keys(days)
    .filter((day) => day <= options.day)
    .sort()
    .slice(-options.trendDays)
    .map((day) => own(days, day)?.percent ?? 0);
}

function notRunScenario(scenario: string, record: ValidatedRecord, trend: number[]): ScenarioVerdict {
  return { ...unrunScenario(scenario, trend), notRunSince: record.lastValidated };
}

/** The installer's newest report day up to `day`, and its scenarios that day in name order. */
function lastReportedScenarios(
  byScenario: Record<string, Record<string, ScenarioDay>>,
  day: string,
): { lastDay: string; scenarios: Array<[string, ScenarioDay]> } {
  const lastDay = Object.values(byScenario)
    .flatMap((days) => Object.keys(days).filter((d) => d <= day))
    .reduce((latest, d) => (d > latest ? d : latest), '');
  const scenarios = Object.keys(byScenario)
    .sort(compareText)
    .flatMap((scenario) => {
      const entry = own(own(byScenario, scenario), lastDay);
      return entry === undefined ? [] : [[scenario, entry] as [string, ScenarioDay]];
    });
  return { lastDay, scenarios };
}

/** A scenario with no run in the window, shown stale with when it last ran. */
function lastKnownScenario(scenario: string, entry: ScenarioDay, trend: number[]): ScenarioVerdict {
  return {
    ...unrunScenario(scenario, trend),
    newestRunAt: entry.lastRun === undefined ? null : Date.parse(entry.lastRun),
  };
}

/** A scenario known from the state but with no run in the window: stale, no points, nothing to score. */
function unrunScenario(scenario: string, trend: number[]): ScenarioVerdict {
  return {
    scenario,
    score: 0,
    max: 0,
    percent: 0,
    status: 'NO_DATA',
    validated: false,
    pending: false,
    stale: true,
    missing: [],
    runCount: 0,
    builds: 0,
    newestRunAt: null,
    lastBuildTag: null,
    tests: [],
    validatedSince: null,
    notRunSince: null,
    trend,
  };
}

/**
 * For a run scoped to some installers: every other installer of the same versions as its last report
 * day ≤ `day` left it in the state, so the overview and status.json stay whole while only the scoped
 * installers' pages are rewritten. The state keeps points, not runs: the published status.json's entry,
 * which holds them, stands in for this picture wherever it can be read (app/published-view.ts).
 */
export function withUnscopedInstallers(verdict: Verdict, state: ReportState, day: string): Verdict {
  return {
    ...verdict,
    versions: verdict.versions.map((version) => {
      const present = new Set(version.installers.map((installer) => installer.installer));
      const byInstaller = own(state.history, version.version);
      const others = Object.keys(byInstaller ?? {})
        .filter((installer) => !present.has(installer))
        .sort(compareText)
        .map((installer) => ({
          installer,
          scenarios: lastReported(own(byInstaller, installer) ?? {}, day),
        }))
        .filter((installer) => installer.scenarios.length > 0);
      return { ...version, installers: [...version.installers, ...others] };
    }),
  };
}

function lastReported(
  byScenario: Record<string, Record<string, ScenarioDay>>,
  day: string,
): ScenarioVerdict[] {
  const { lastDay, scenarios } = lastReportedScenarios(byScenario, day);
  return scenarios.map(([scenario, entry]): ScenarioVerdict => ({
    scenario,
    score: entry.score,
    max: entry.max,
    percent: entry.percent,
    status: entry.status,
    validated: entry.status === 'OK',
    pending: false,
    stale: entry.stale,
    missing: entry.missing,
    runCount: entry.runs,
    builds: entry.builds ?? 0,
    newestRunAt: null,
    lastBuildTag: null,
    tests: Object.keys(entry.tests)
      .sort(compareText)
      .map((name) => ({
        name,
        project: '',
        tier: '',
        scored: true,
        points: own(entry.tests, name) ?? 0,
        reason: `as reported on ${lastDay} (not read in this run)`,
        runs: [],
      })),
  }));
}
