// Results sources: where result documents come from. Each streams raw documents for a query;
// normalisation and scoring happen in the core, the same for every source.
import type { ReportingConfig } from '../config/types.js';
import { ConfigError } from '../core/index.js';
import { createFileSource } from './file/index.js';
import type { ResultsSource, SourceTrace } from './types.js';

export { createFileSource, type FileSourceOptions } from './file/index.js';
export { rangeFilters, readRange, type RangeRead } from './file/range-scan.js';
export { LEFT_OUT_BUCKETS } from './types.js';
export type {
  ByteRange,
  LeftOut,
  PartReceived,
  PresenceFilter,
  ResultsQuery,
  ResultsSource,
  SourceParts,
  SourceStats,
  SourceTrace,
} from './types.js';

/**
 * Picks the source by the URI's scheme (the config loader has already refused unknown ones). The
 * MongoDB driver and the HTTP client are loaded only when used: a file run starts faster without them.
 */
export async function openSource(config: ReportingConfig, trace?: SourceTrace): Promise<ResultsSource> {
  const uri = config.source;
  if (uri.startsWith('file:'))
    return createFileSource(filePath(uri), { plain: process.env.SCENARIO_REPORT_PLAIN_READ === '1' });
  if (uri.startsWith('mongodb://') || uri.startsWith('mongodb+srv://')) {
    const { createMongoSource } = await import('./mongo/index.js');
    return createMongoSource(config, trace);
  }
  if (uri.startsWith('http://') || uri.startsWith('https://')) {
    const { createTestApiSource } = await import('./testapi/index.js');
    return createTestApiSource(uri, config, trace ? { trace } : {});
  }
  throw new ConfigError(
    `unknown source "${uri}": use file:PATH, mongodb://…, mongodb+srv://… or http(s)://…/api/v1`,
  );
}

/** `file:PATH` and `file:///abs/path` both name a path; a relative PATH is relative to the working folder. */
function filePath(uri: string): string {
  return uri.startsWith('file://') ? decodeURIComponent(new URL(uri).pathname) : uri.slice('file:'.length);
}
