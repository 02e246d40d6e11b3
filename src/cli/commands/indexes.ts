// `scenario-report indexes [--create]`: the index the Mongo aggregation's $match wants.
import type { Argv, CommandModule } from 'yargs';
import { ensureResultsIndex, resultsIndexLine } from '../../app/indexes.js';
import { COMMAND_FLAGS, configFromArgs, withConfigOptions, type ConfigArgs } from '../options.js';

interface IndexesArgs extends ConfigArgs {
  create?: boolean;
}

export const indexesCommand: CommandModule<object, IndexesArgs> = {
  command: 'indexes',
  describe: 'show (or --create) the MongoDB index the results query uses',
  builder: (yargs: Argv) =>
    withConfigOptions(yargs, COMMAND_FLAGS.indexes)
      .option('create', { type: 'boolean', describe: 'create the index if it does not exist' })
      .example(
        '$0 indexes --source mongodb://reporter@db.example.org/ --create',
        'create the index',
      ) as Argv<IndexesArgs>,
  handler: async (args) => {
    const config = await configFromArgs(args);
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
};
