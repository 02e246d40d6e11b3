// What the state file remembers, for `state show` and `state export`: one row per scenario, or the
// daily history as CSV. A missing state file is an error here, unlike for generate (where it starts
// a new history): a mistyped --state must not read as "nothing validated yet".
import type { ReportingConfig } from '../config/types.js';
import { StateError, compareText, own, type ReportState } from '../core/index.js';
import { csvCell } from '../render/index.js';
import { parseState, readStateText } from '../state/index.js';

export interface StateRow {
  version: string;
  installer: string;
  scenario: string;
  firstValidated: string;
  lastValidated: string;
  validatedDays: number;
  lastDay: string;
  lastScore: string;
  lastStatus: string;
}

/** Keeps a version and installer: those --version and --installer name, every one when none is named. */
export type Keep = (version: string, installer: string) => boolean;

/** The state at config.statePath and the filter of config's --version and --installer. */
export async function readStateReport(config: ReportingConfig): Promise<{ state: ReportState; keep: Keep }> {
  const text = await readStateText(config.statePath);
  if (text === null) {
    throw new StateError(
      `there is no state file at ${config.statePath}: check --state (or statePath in reporting.yaml); ` +
        'generate writes it on its first run.',
    );
  }
  const wanted = (values: string[], value: string) => values.length === 0 || values.includes(value);
  const keep: Keep = (version, installer) =>
    wanted(config.versions, version) && wanted(config.installers, installer.split('@')[0] ?? installer);
  return { state: parseState(config.statePath, text), keep };
}

/** The names either record holds, sorted. */
function union(a: object | undefined, b: object | undefined): string[] {
  return [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort(compareText);
}

function* scenarios(state: ReportState, keep: Keep) {
  const versions = new Set([...Object.keys(state.history), ...Object.keys(state.validated)]);
  for (const version of [...versions].sort(compareText)) {
    const validated = own(state.validated, version);
    const history = own(state.history, version);
    for (const installer of union(validated, history)) {
      if (!keep(version, installer)) continue;
      for (const scenario of union(own(validated, installer), own(history, installer)))
        yield { version, installer, scenario };
    }
  }
}

export function stateRows(state: ReportState, keep: Keep): StateRow[] {
  return [...scenarios(state, keep)].map(({ version, installer, scenario }) => {
    const record = own(own(own(state.validated, version), installer), scenario);
    const days = own(own(own(state.history, version), installer), scenario) ?? {};
    const lastDay = Object.keys(days).sort().at(-1);
    const last = lastDay === undefined ? undefined : own(days, lastDay);
    return {
      version,
      installer,
      scenario,
      firstValidated: record?.firstValidated ?? '-',
      lastValidated: record?.lastValidated ?? '-',
      validatedDays: record?.validatedDays ?? 0,
      lastDay: lastDay ?? '-',
      lastScore: last ? `${last.score}/${last.max}` : '-',
      lastStatus: last?.status ?? '-',
    };
  });
}

/** Every scenario's daily history, one line per day; cells escaped as the site's CSV files are. */
export function stateHistoryCsv(state: ReportState, keep: Keep): string {
  const lines = ['version,installer,scenario,date,score,max,percent,status,runs'];
  for (const { version, installer, scenario } of scenarios(state, keep)) {
    const days = own(own(own(state.history, version), installer), scenario) ?? {};
    for (const day of Object.keys(days).sort()) {
      const entry = own(days, day);
      if (!entry) continue;
      lines.push(
        [version, installer, scenario, day, entry.score, entry.max, entry.percent, entry.status, entry.runs]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
