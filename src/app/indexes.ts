// The MongoDB index the results query's $match uses: what it is, and creating it (`indexes --create`,
// `generate --create-indexes`). The driver is loaded only here and when a Mongo source is opened, so
// a run on a file starts without it.
import type { ReportingConfig } from '../config/types.js';
import { ConfigError } from '../core/index.js';

const mongo = () => import('../sources/mongo/index.js');

/** The index as `indexes` prints it: its name and keys. */
export async function resultsIndexLine(): Promise<string> {
  const { RESULTS_INDEX_NAME, resultsIndexSpec } = await mongo();
  return `${RESULTS_INDEX_NAME} ${JSON.stringify(resultsIndexSpec())}`;
}

/** Creates the index unless it (or one with the same keys) exists; says which, and under which name. */
export async function ensureResultsIndex(
  config: ReportingConfig,
): Promise<{ name: string; existed: boolean; renamed: boolean }> {
  if (!config.source.startsWith('mongodb')) {
    throw new ConfigError('--create needs a mongodb:// or mongodb+srv:// source (--source or MONGODB_URI)');
  }
  const { RESULTS_INDEX_NAME, createResultIndexes } = await mongo();
  const index = await createResultIndexes(config);
  return { name: index.name, existed: index.existed, renamed: index.name !== RESULTS_INDEX_NAME };
}
