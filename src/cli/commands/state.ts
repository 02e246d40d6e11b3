// `scenario-report state show|export`: what the job remembers, as a table or as data.
import type { Argv, CommandModule } from 'yargs';
import { readStateReport, stateHistoryCsv, stateRows, type StateRow } from '../../app/state-report.js';
import { ConfigError } from '../../core/errors.js';
import { COMMAND_FLAGS, configFromArgs, withConfigOptions, type ConfigArgs } from '../options.js';
import { textTable } from '../text-table.js';

interface StateArgs extends ConfigArgs {
  action: string;
  format?: string;
}

export const stateCommand: CommandModule<object, StateArgs> = {
  command: 'state <action>',
  describe: 'show or export what the state file remembers',
  builder: (yargs: Argv) =>
    withConfigOptions(yargs, COMMAND_FLAGS.state)
      .positional('action', { choices: ['show', 'export'], describe: 'show a table, or export the data' })
      .option('format', { choices: ['json', 'csv'], default: 'json', describe: 'export format' })
      .example('$0 state show --installer fuel', "fuel's validated scenarios and latest scores")
      .example('$0 state export --format csv > history.csv', 'the daily history as CSV') as Argv<StateArgs>,
  handler: async (args) => {
    const config = await configFromArgs(args);
    const { state, keep } = await readStateReport(config);
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
