// The job's memory as plain values: each report day's scenario scores, and the validated records
// derived from them. Pure: the report day is an argument. A day's entries are replaced, never added to,
// and validated records are recomputed from the days, so reruns and backfills in any order converge.
import { cloneNames, compareText, nameRecord, own, ownChild, setOwn } from './names.js';
import type { ByScenario, Points, ScenarioDay, ScenarioVerdict, ValidatedRecord, Verdict } from './model.js';

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
    runs: scenario.runCount,
    builds: scenario.builds,
    stale: scenario.stale,
    missing: [...scenario.missing],
    tests: nameRecord<Points>(scored.map((test) => [test.name, test.points])),
    testRuns: nameRecord(
      scored.map((test) => [test.name, test.runs.map((run) => (run.passed ? 'P' : 'F')).join('')]),
    ),
    ...(scenario.newestRunAt === null ? {} : { lastRun: new Date(scenario.newestRunAt).toISOString() }),
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
export function validatedRecords(
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
