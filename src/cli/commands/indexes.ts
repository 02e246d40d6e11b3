// `scenario-report indexes [--create]`: the index the Mongo aggregation's $match wants.
import { ensureResultsIndex, resultsIndexLine } from '../../app/indexes.js';
import { defineCommand, type CommandArgs } from '../command.js';
import { COMMAND_FLAGS } from '../options.js';

export const indexesCommand = defineCommand<CommandArgs & { create?: boolean }>({
  command: 'indexes',
  describe: 'show (or --create) the MongoDB index the results query uses',
  flags: COMMAND_FLAGS.indexes,
  logs: false,
  options: (yargs) =>
    yargs.option('create', { type: 'boolean', describe: 'create the index if it does not exist' }),
  examples: [['$0 indexes --source mongodb://reporter@db.example.org/ --create', 'create the index']],
  run: async (args, config) => {
    const spec = await resultsIndexLine();
    if (!args.create) {
      process.stdout.write(`${spec}\non ${config.database}.${config.collection}; create it with --create\n`);
      return;
    }
    const index = await ensureResultsIndex(config);
    process.stdout.write(
      `${spec}\n${index.existed ? `already exists${index.renamed ? ` as ${index.name}` : ''}` : 'created'} ` +
        `on ${config.database}.${config.collection}\n`,
    );
  },
});
