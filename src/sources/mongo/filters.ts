// The $match filters an index can serve: the window's index, the superset of documents the results
// pipeline starts from, and the filters for discovering versions and checking that documents exist.
import type { Document } from 'mongodb';
import type { ResultsQuery } from '../types.js';

export const RESULTS_INDEX_NAME = 'scenario_report_window';

/**
 * Equality first (version, then the $in lists), the date range last: the order that lets one index
 * serve the $match of every version's aggregation.
 */
export function resultsIndexSpec(): Record<string, 1 | -1> {
  return { version: 1, project_name: 1, case_name: 1, installer: 1, start_date: 1 };
}

/**
 * A superset the index can serve. BSON dates are matched by the window; strings cannot be (a string
 * that is not a date must still be counted as 'bad start_date'), nor can other types or a missing date.
 */
export function indexFilter(query: ResultsQuery): Document {
  return {
    case_name: { $in: query.testCases },
    ...(query.installers.length > 0 ? { installer: { $in: query.installers } } : {}),
    $or: [
      { start_date: { $gt: new Date(query.from), $lte: new Date(query.to) } },
      { start_date: { $type: ['string', 'array'] } },
      { start_date: { $not: { $type: 'date' } } },
    ],
  };
}

/** For discovering the versions that have documents in the window (when none are configured). */
export function versionsFilter(query: ResultsQuery): Document {
  return indexFilter(query);
}

/** Any document of these versions and installers (empty = any), at any date. */
export function presenceFilter(filter: { versions: string[]; installers: string[] }): Document {
  return {
    ...(filter.versions.length > 0 ? { version: { $in: filter.versions } } : {}),
    ...(filter.installers.length > 0 ? { installer: { $in: filter.installers } } : {}),
  };
}

/** The version's documents, and with `withoutVersion` those whose version is missing or not a string. */
export function versionFilter(version: string | null, withoutVersion: boolean): Document {
  const exact = version === null ? [] : [{ version }];
  // An array holding strings matches $type 'string', so arrays are asked for by their own type.
  const unusable = withoutVersion
    ? [{ version: { $not: { $type: 'string' } } }, { version: { $type: 'array' } }]
    : [];
  return { $or: [...exact, ...unusable] };
}
