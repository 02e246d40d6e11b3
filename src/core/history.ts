// The job's memory as plain values: each report day's scenario scores, and the validated records
// derived from them. Pure: the report day is an argument. A day's entries are replaced, never added to,
// and validated records are recomputed from the days, so reruns and backfills in any order converge.
import { compareText } from './collect.js';
import { cloneNames, nameRecord, own, ownChild, setOwn } from './names.js';
import type {
  ByScenario,
  InstallerVerdict,
  Points,
  ScenarioDay,
  ScenarioVerdict,
  ValidatedRecord,
  Verdict,
} from './model.js';

export const STATE_SCHEMA_VERSION = 2;

export interface LastRun {
  asOf: string;
  day: string;
  source: string;
  documents: { used: number; rejected: number };
}

export interface ReportState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  lastRun: LastRun | null;
  /** Derived from `history` and `archive`: what the pages show as validated since / on. */
  validated: ByScenario<ValidatedRecord>;
  /** Validated days that retention pruned from `history`: kept so a validation is never forgotten. */
  archive: ByScenario<ValidatedRecord>;
  /** version → installer → scenario → report day → that day's score. */
  history: ByScenario<Record<string, ScenarioDay>>;
}

const DAY = 86_400_000;

export function emptyState(): ReportState {
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    lastRun: null,
    validated: nameRecord(),
    archive: nameRecord(),
    history: nameRecord(),
  };
}

/** The report day of an instant: its UTC date. */
export function reportDay(asOf: number): string {
  return new Date(asOf).toISOString().slice(0, 10);
}

export interface RecordOptions {
  day: string;
  retentionDays: number;
  lastRun: LastRun | null;
  /** Only these installers were read (base names match their `@arch` variants); others keep their entries. */
  scope?: { installers: string[] };
}

/** The state after recording one report day's verdict. */
export function recordVerdict(state: ReportState, verdict: Verdict, options: RecordOptions): ReportState {
  const { day } = options;
  const history = cloneNames(state.history);
  const archive = cloneNames(state.archive);
  for (const version of verdict.versions) {
    const byInstaller = ownChild(history, version.version);
    const touched = new Set(version.installers.map((installer) => installer.installer));
    // Without a scope the verdict is the whole picture of the version that day: an installer it no longer
    // shows loses that day's entries too.
    if (!options.scope) for (const installer of Object.keys(byInstaller)) touched.add(installer);
    for (const installer of touched) {
      for (const days of Object.values(own(byInstaller, installer) ?? {})) delete days[day];
    }
    for (const installer of version.installers) {
      const byScenario = ownChild(byInstaller, installer.installer);
      for (const scenario of installer.scenarios) {
        setOwn(ownChild(byScenario, scenario.scenario), day, scenarioDay(scenario));
      }
    }
  }
  prune(history, archive, cutoffDay(history, options.retentionDays));
  return sortKeysDeep({
    schemaVersion: STATE_SCHEMA_VERSION,
    lastRun: options.lastRun,
    validated: validatedRecords(history, archive, null),
    archive,
    history: dropEmpty(history),
  });
}

function scenarioDay(scenario: ScenarioVerdict): ScenarioDay {
  const scored = scenario.tests.filter((test) => test.scored);
  return {
    score: scenario.score,
    max: scenario.max,
    percent: scenario.percent,
    status: scenario.status,
    runs: scenario.runs,
    builds: scenario.builds,
    stale: scenario.stale,
    missing: [...scenario.missing],
    tests: nameRecord<Points>(scored.map((test) => [test.name, test.points])),
    testRuns: nameRecord(
      scored.map((test) => [test.name, test.runs.map((run) => (run.passed ? 'P' : 'F')).join('')]),
    ),
    ...(scenario.lastRun === null ? {} : { lastRun: new Date(scenario.lastRun).toISOString() }),
  };
}

function cutoffDay(history: ReportState['history'], retentionDays: number): string {
  let newest = '';
  for (const days of allDays(history)) for (const day of Object.keys(days)) if (day > newest) newest = day;
  if (newest === '') return '';
  return new Date(Date.parse(`${newest}T00:00:00Z`) - retentionDays * DAY).toISOString().slice(0, 10);
}

/** Removes days before the cutoff; validated ones are folded into the archive first. */
function prune(history: ReportState['history'], archive: ReportState['archive'], cutoff: string): void {
  for (const [version, byInstaller] of Object.entries(history)) {
    for (const [installer, byScenario] of Object.entries(byInstaller)) {
      for (const [scenario, days] of Object.entries(byScenario)) {
        for (const day of Object.keys(days).filter((d) => d < cutoff)) {
          if (own(days, day)?.status === 'OK') addValidatedDay(archive, [version, installer, scenario], day);
          delete days[day];
        }
      }
    }
  }
}

/** Counts one validated report day into a scenario's record, creating the record on its first day. */
function addValidatedDay(
  records: ByScenario<ValidatedRecord>,
  [version, installer, scenario]: [string, string, string],
  day: string,
): void {
  const byScenario = ownChild(ownChild(records, version), installer);
  setOwn(
    byScenario,
    scenario,
    mergeRecord(own(byScenario, scenario), { firstValidated: day, lastValidated: day, validatedDays: 1 }),
  );
}

function mergeRecord(a: ValidatedRecord | undefined, b: ValidatedRecord): ValidatedRecord {
  if (!a) return b;
  return {
    firstValidated: a.firstValidated < b.firstValidated ? a.firstValidated : b.firstValidated,
    lastValidated: a.lastValidated > b.lastValidated ? a.lastValidated : b.lastValidated,
    validatedDays: a.validatedDays + b.validatedDays,
  };
}

/** Validated records from the archive and the OK days of the history, up to a day (null = all). */
function validatedRecords(
  history: ReportState['history'],
  archive: ReportState['archive'],
  upTo: string | null,
): ByScenario<ValidatedRecord> {
  const records: ByScenario<ValidatedRecord> = cloneNames(archive);
  for (const [version, byInstaller] of Object.entries(history)) {
    for (const [installer, byScenario] of Object.entries(byInstaller)) {
      for (const [scenario, days] of Object.entries(byScenario)) {
        for (const [day, entry] of Object.entries(days)) {
          if (entry.status !== 'OK' || (upTo !== null && day > upTo)) continue;
          addValidatedDay(records, [version, installer, scenario], day);
        }
      }
    }
  }
  return records;
}

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
                .filter(([scenario]) => !present.has(scenario))
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

/** The scenarios of the installer's newest report day up to `day`, with that day's entry. */
function lastReportedScenarios(
  byScenario: Record<string, Record<string, ScenarioDay>>,
  day: string,
): Array<[string, ScenarioDay]> {
  const lastDay = Object.values(byScenario)
    .flatMap((days) => Object.keys(days).filter((d) => d <= day))
    .reduce((latest, d) => (d > latest ? d : latest), '');
  return Object.entries(byScenario).flatMap(([scenario, days]) => {
    const entry = own(days, lastDay);
    return entry === undefined ? [] : [[scenario, entry] as [string, ScenarioDay]];
  });
}

/** A scenario with no run in the window, shown stale with when it last ran. */
function lastKnownScenario(scenario: string, entry: ScenarioDay, trend: number[]): ScenarioVerdict {
  return {
    ...unrunScenario(scenario, trend),
    lastRun: entry.lastRun === undefined ? null : Date.parse(entry.lastRun),
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
    runs: 0,
    builds: 0,
    lastRun: null,
    lastBuildTag: null,
    tests: [],
    validatedSince: null,
    notRunSince: null,
    trend,
  };
}

function* allDays(history: ReportState['history']): Generator<Record<string, ScenarioDay>> {
  for (const byInstaller of Object.values(history))
    for (const byScenario of Object.values(byInstaller)) yield* Object.values(byScenario);
}

function dropEmpty<T>(byScenario: ByScenario<Record<string, T>>): ByScenario<Record<string, T>> {
  for (const [version, byInstaller] of Object.entries(byScenario)) {
    for (const [installer, scenarios] of Object.entries(byInstaller)) {
      for (const [scenario, days] of Object.entries(scenarios)) {
        if (Object.keys(days).length === 0) delete scenarios[scenario];
      }
      if (Object.keys(scenarios).length === 0) delete byInstaller[installer];
    }
    if (Object.keys(byInstaller).length === 0) delete byScenario[version];
  }
  return byScenario;
}

/**
 * Object keys in code-unit order at every level, so the state file is the same bytes for the same
 * content. Every object of the copy is a record without a prototype: names stay data.
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value === null || typeof value !== 'object') return value;
  return nameRecord(
    Object.keys(value)
      .sort(compareText)
      .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]),
  ) as T;
}

/**
 * For a run scoped to some installers: every other installer of the same versions as its last report
 * day ≤ `day` left it in the state, so the overview and status.json stay whole while only the scoped
 * installers' pages are rewritten.
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
  const lastDay = Object.values(byScenario)
    .flatMap((days) => Object.keys(days).filter((d) => d <= day))
    .reduce((latest, d) => (d > latest ? d : latest), '');
  return Object.keys(byScenario)
    .sort(compareText)
    .flatMap((scenario) => {
      const entry = own(own(byScenario, scenario), lastDay);
      if (!entry) return [];
      return [
        {
          scenario,
          score: entry.score,
          max: entry.max,
          percent: entry.percent,
          status: entry.status,
          validated: entry.status === 'OK',
          pending: false,
          stale: entry.stale,
          missing: entry.missing,
          runs: entry.runs,
          builds: entry.builds ?? 0,
          lastRun: null,
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
        } satisfies ScenarioVerdict,
      ];
    });
}
