// `scenario-report indexes [--create]`: the index the Mongo aggregation's $match wants.
import type { Argv, CommandModule } from 'yargs';
import { ConfigError } from '../../core/index.js';
import { createResultIndexes, resultsIndexSpec, RESULTS_INDEX_NAME } from '../../sources/mongo/index.js';
import { configFromArgs, withConfigOptions, type ConfigArgs } from '../options.js';

interface IndexesArgs extends ConfigArgs {
  create?: boolean;
}

export const indexesCommand: CommandModule<object, IndexesArgs> = {
  command: 'indexes',
  describe: 'show (or --create) the MongoDB index the results query uses',
  builder: (yargs: Argv) =>
    withConfigOptions(yargs)
      .option('create', { type: 'boolean', describe: 'create the index if it does not exist' })
      .example(
        '$0 indexes --source mongodb://reporter@db.example.org/ --create',
        'create the index',
      ) as Argv<IndexesArgs>,
  handler: async (args) => {
    const config = await configFromArgs(args);
    const spec = `${RESULTS_INDEX_NAME} ${JSON.stringify(resultsIndexSpec())}`;
    if (!args.create) {
      process.stdout.write(`${spec}\non ${config.database}.${config.collection}; create it with --create\n`);
      return;
    }
    if (!config.source.startsWith('mongodb')) {
      throw new ConfigError('--create needs a mongodb:// or mongodb+srv:// source (--source or MONGODB_URI)');
    }
    const index = await createResultIndexes(config);
    process.stdout.write(
      `${spec}\n${index.existed ? `already exists${index.name === RESULTS_INDEX_NAME ? '' : ` as ${index.name}`}` : 'created'} ` +
        `on ${config.database}.${config.collection}\n`,
    );
  },
};
