// `scenario-report state show|export`: what the job remembers, as a table or as data.
import type { Argv, CommandModule } from 'yargs';
import { ConfigError, compareText, own, type ReportState } from '../../core/index.js';
import { csvCell } from '../../render/index.js';
import { loadState } from '../../state/index.js';
import { configFromArgs, withConfigOptions, type ConfigArgs } from '../options.js';
import { textTable } from '../text-table.js';

interface StateArgs extends ConfigArgs {
  action: string;
  format?: string;
}

interface StateRow {
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

export const stateCommand: CommandModule<object, StateArgs> = {
  command: 'state <action>',
  describe: 'show or export what the state file remembers',
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .positional('action', { choices: ['show', 'export'], describe: 'show a table, or export the data' })
      .option('format', { choices: ['json', 'csv'], default: 'json', describe: 'export format' })
      .example('$0 state show --installer fuel', "fuel's validated scenarios and latest scores")
      .example('$0 state export --format csv > history.csv', 'the daily history as CSV') as Argv<StateArgs>,
  handler: async (args) => {
    const config = await configFromArgs(args);
    const state = await loadState(config.statePath);
    const wanted = (values: string[], value: string) => values.length === 0 || values.includes(value);
    const keep = (version: string, installer: string) =>
      wanted(config.versions, version) && wanted(config.installers, installer.split('@')[0] ?? installer);
    if (args.action === 'show') {
      process.stdout.write(formatStateTable(stateRows(state, keep)));
    } else if (args.format === 'csv') {
      process.stdout.write(stateHistoryCsv(state, keep));
    } else if (args.format === 'json') {
      process.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
    } else {
      throw new ConfigError(`unknown export format ${String(args.format)}: use json or csv`);
    }
  },
};

type Keep = (version: string, installer: string) => boolean;

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

export function formatStateTable(rows: StateRow[]): string {
  if (rows.length === 0) return 'the state is empty: no report day recorded yet\n';
  const header = [
    'version',
    'installer',
    'scenario',
    'first validated',
    'last validated',
    'days',
    'last day',
    'score',
    'status',
  ];
  const cells = rows.map((row) => [
    row.version,
    row.installer,
    row.scenario,
    row.firstValidated,
    row.lastValidated,
    String(row.validatedDays),
    row.lastDay,
    row.lastScore,
    row.lastStatus,
  ]);
  return textTable(header, cells);
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
