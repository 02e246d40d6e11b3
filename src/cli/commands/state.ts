// `scenario-report state show|export`: what the job remembers, as a table or as data.
import { readStateReport, stateHistoryCsv, stateRows, type StateRow } from '../../app/state-report.js';
import { ConfigError } from '../../core/errors.js';
import { defineCommand, type CommandArgs } from '../command.js';
import { COMMAND_FLAGS } from '../options.js';
import { textTable } from '../text-table.js';

export const stateCommand = defineCommand<CommandArgs & { action: string; format?: string }>({
  command: 'state <action>',
  describe: 'show or export what the state file remembers',
  flags: COMMAND_FLAGS.state,
  logs: false,
  options: (yargs) =>
    yargs
      .positional('action', { choices: ['show', 'export'], describe: 'show a table, or export the data' })
      .option('format', { choices: ['json', 'csv'], default: 'json', describe: 'export format' }),
  examples: [
    ['$0 state show --installer fuel', "fuel's validated scenarios and latest scores"],
    ['$0 state export --format csv > history.csv', 'the daily history as CSV'],
  ],
  run: async (args, config) => {
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
});

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
