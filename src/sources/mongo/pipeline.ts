// The aggregation a version's results are read with, and the index its $match wants. Pure: tests and
// the README's explain use the same pipeline the source sends.
import type { Document } from 'mongodb';
import type { ResultsQuery } from '../types.js';

export const RESULTS_INDEX_NAME = 'scenario_report_window';

/** Fields every run needs; of `details`, only the paths the criteria expressions read are added. */
const RUN_FIELDS = [
  'project_name',
  'case_name',
  'installer',
  'version',
  'scenario',
  'pod_name',
  'build_tag',
  'criteria',
  'start_date',
];

const DAY = 86_400_000;

/**
 * Equality first (version, then the $in lists), the date range last: the order that lets one index
 * serve the $match of every version's aggregation.
 */
export function resultsIndexSpec(): Record<string, 1 | -1> {
  return { version: 1, project_name: 1, case_name: 1, installer: 1, start_date: 1 };
}

/**
 * start_date is a BSON date in newer documents and a string in several spellings in older ones. Dates
 * are matched exactly; strings by day with a day's slack on each side (a zoneless string is read in the
 * data's time zone later), which the normaliser then filters exactly.
 */
function windowFilter(query: ResultsQuery): Document {
  const day = (instant: number) => new Date(instant).toISOString().slice(0, 10);
  return {
    $or: [
      { start_date: { $gt: new Date(query.from), $lte: new Date(query.to) } },
      { start_date: { $gte: day(query.from - DAY), $lte: `${day(query.to + DAY)}\uffff` } },
    ],
  };
}

function baseFilter(query: ResultsQuery): Document {
  return {
    project_name: { $in: query.projects },
    case_name: { $in: query.testCases },
    ...(query.installers.length > 0 ? { installer: { $in: query.installers } } : {}),
    ...windowFilter(query),
  };
}

/** For discovering the versions that have runs in the window (when none are configured). */
export function versionsFilter(query: ResultsQuery): Document {
  return baseFilter(query);
}

/**
 * One key that orders dates and date strings together: the wall-clock text `YYYY-MM-DDTHH:mm:ss…`
 * (BSON would otherwise order every string before every date, whatever their times).
 */
function sortKey(dataTimeZone: string): Document {
  return {
    $cond: [
      { $eq: [{ $type: '$start_date' }, 'date'] },
      {
        $dateToString: {
          date: '$start_date',
          format: '%Y-%m-%dT%H:%M:%S.%L',
          // UTC is the server's default; naming it only narrows which servers understand the pipeline.
          ...(dataTimeZone === 'UTC' ? {} : { timezone: dataTimeZone }),
        },
      },
      { $concat: [{ $substrCP: ['$start_date', 0, 10] }, 'T', { $substrCP: ['$start_date', 11, 12] }] },
    ],
  };
}

export function resultsPipeline(
  query: ResultsQuery,
  version: string,
  options: { topN: boolean; dataTimeZone: string },
): Document[] {
  const projection: Document = Object.fromEntries(
    [...RUN_FIELDS, ...query.detailsPaths.filter((path) => path.startsWith('details.'))].map((field) => [
      field,
      1,
    ]),
  );
  projection._sortKey = sortKey(options.dataTimeZone);
  const group: Document = {
    installer: '$installer',
    scenario: '$scenario',
    project: '$project_name',
    testCase: '$case_name',
    ...(query.groupByPod ? { pod: '$pod_name' } : {}),
  };
  const newest = options.topN
    ? [
        {
          $group: {
            _id: group,
            runs: { $topN: { n: query.maxRuns, sortBy: { _sortKey: -1 }, output: '$$ROOT' } },
          },
        },
      ]
    : [
        { $sort: { _sortKey: -1 } },
        { $group: { _id: group, runs: { $push: '$$ROOT' } } },
        { $project: { runs: { $slice: ['$runs', query.maxRuns] } } },
      ];
  return [
    { $match: { version, ...baseFilter(query) } },
    { $project: projection },
    ...newest,
    { $unwind: '$runs' },
    { $replaceRoot: { newRoot: '$runs' } },
    { $project: { _sortKey: 0 } },
  ];
}
