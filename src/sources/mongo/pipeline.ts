// The aggregation a version's results are read with (its first $match in filters.ts). Pure: tests and
// the README's explain use the same pipeline the source sends. The server applies the rules the client
// applies (core/normalise, core/scope, core/collect) before it keeps the newest maxRuns runs, so what
// it leaves out is what the file source would leave out, and what it rejects it reports by reason.
import type { Document } from 'mongodb';
import { wallClockSteps } from '../../core/index.js';
import type { ResultsQuery } from '../types.js';
import { instantExpression, isText } from './expressions.js';
import { indexFilter, versionFilter } from './filters.js';

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
  // The feedback pages read durations as stop_date − start_date in later documents.
  'stop_date',
];

/** The one field of what the server sends for a document it rejected: the reason. */
export const REJECTED = '_rejected';
/** Fields the pipeline computes; never sent. */
const COMPUTED = ['_at', '_reason', '_project', '_group', '_rank'];
const DAY = 86_400_000;

export interface PipelineOptions {
  /** MongoDB 5.0 (wire version 13) and later rank with $setWindowFields; older ones sort and slice. */
  windowFields: boolean;
  dataTimeZone: string;
  excludeVirtual: boolean;
  excludeNoha: boolean;
  /** Also count the documents that have no usable version (sent with the first version only). */
  withoutVersion: boolean;
}

/**
 * The test case a document counts for, as the client looks it up: by project and name, or, without a
 * usable project_name, by a name only one test case has. null = not asked for.
 */
function projectExpression(pairs: string[], uniqueByName: Map<string, string>): Document {
  return {
    $cond: [
      { $and: [isText('$project_name'), { $eq: [{ $type: '$case_name' }, 'string'] }] },
      {
        $cond: [
          { $in: [{ $concat: ['$project_name', '\u0000', '$case_name'] }, pairs] },
          '$project_name',
          null,
        ],
      },
      {
        $switch: {
          branches: [...uniqueByName].map(([name, project]) => ({
            case: { $eq: ['$case_name', name] },
            then: project,
          })),
          default: null,
        },
      },
    ],
  };
}

/** The normaliser's first reason to reject, in its order; null when the document is usable. */
function reasonExpression(): Document {
  return {
    $switch: {
      branches: [
        { case: { $not: [isText('$installer')] }, then: 'no installer' },
        { case: { $not: [isText('$scenario')] }, then: 'no scenario' },
        { case: { $not: [isText('$version')] }, then: 'no version' },
        { case: { $not: [isText('$case_name')] }, then: 'no case_name' },
        {
          case: {
            $or: [{ $in: [{ $type: '$start_date' }, ['missing', 'null']] }, { $eq: ['$start_date', ''] }],
          },
          then: 'no start_date',
        },
        { case: { $eq: ['$_at', null] }, then: 'bad start_date' },
      ],
      default: null,
    },
  };
}

/** core/scope outsideReport, for the fields the index filter has not already settled. */
function inScopeExpression(query: ResultsQuery, version: string | null, withoutVersion: boolean): Document {
  const versionIn = [
    ...(version === null ? [] : [{ $eq: ['$version', version] }]),
    ...(withoutVersion ? [{ $ne: [{ $type: '$version' }, 'string'] }] : []),
  ];
  return {
    $and: [
      { $in: ['$case_name', query.testCases] },
      { $or: [{ $not: [isText('$project_name')] }, { $in: ['$project_name', query.projects] }] },
      { $or: versionIn },
      ...(query.installers.length > 0 ? [{ $in: ['$installer', query.installers] }] : []),
      { $or: [{ $eq: ['$_at', null] }, inWindow(query)] },
    ],
  };
}

function inWindow(query: ResultsQuery): Document {
  return { $and: [{ $gt: ['$_at', new Date(query.from)] }, { $lte: ['$_at', new Date(query.to)] }] };
}

const pod: Document = { $cond: [isText('$pod_name'), '$pod_name', ''] };

/**
 * `value.toLowerCase().includes(word)` for the ASCII words the rules use: no other character lowercases
 * or case-folds to one of their letters, so a case-insensitive match answers the same.
 */
function mentions(value: Document | string, word: string): Document {
  return { $regexMatch: { input: value, regex: word, options: 'i' } };
}

/** A usable run the client would collect: its test case asked for, in the window, not left out. */
function countedRunExpression(query: ResultsQuery, options: PipelineOptions): Document {
  return {
    $and: [
      { $eq: ['$_reason', null] },
      { $ne: ['$_project', null] },
      inWindow(query),
      ...(options.excludeVirtual ? [{ $not: [mentions(pod, 'virtual')] }] : []),
      ...(options.excludeNoha ? [{ $not: [mentions('$scenario', 'noha')] }] : []),
    ],
  };
}

/** core/collect's group: installer, scenario, test case, and with the architecture split the pod's kind. */
function groupExpression(query: ResultsQuery): Document {
  return {
    installer: '$installer',
    scenario: '$scenario',
    project: '$_project',
    testCase: '$case_name',
    ...(query.groupByPod ? { arch: { $cond: [mentions(pod, 'arm'), 'aarch64', 'x86_64'] } } : {}),
  };
}

/**
 * Every run whose instant is among the maxRuns newest instants of its group. Copies of one run share its
 * instant, so they never push a distinct run out: the client counts them once (core/collect), as it does
 * reading a file. Ties are left to the client too, which breaks them as the file source does
 * (compareRuns); a server's order between equal sort keys is not defined.
 */
function newestStages(query: ResultsQuery, windowFields: boolean): Document[] {
  if (windowFields) {
    return [
      {
        $setWindowFields: {
          partitionBy: '$_group',
          sortBy: { _at: -1 },
          output: { _rank: { $denseRank: {} } },
        },
      },
      { $match: { _rank: { $lte: query.maxRuns } } },
    ];
  }
  // Before 5.0: the group's instants newest first, each once, stopping at maxRuns; the last is the cutoff.
  const newestInstants = {
    $reduce: {
      input: '$runs._at',
      initialValue: [],
      in: {
        $cond: [
          {
            $or: [
              { $gte: [{ $size: '$$value' }, query.maxRuns] },
              { $eq: ['$$this', { $arrayElemAt: ['$$value', -1] }] },
            ],
          },
          '$$value',
          { $concatArrays: ['$$value', ['$$this']] },
        ],
      },
    },
  };
  return [
    { $sort: { _at: -1 } },
    { $group: { _id: '$_group', runs: { $push: '$$ROOT' } } },
    { $addFields: { _instants: newestInstants } },
    {
      $project: {
        runs: {
          $cond: [
            { $lt: [{ $size: '$_instants' }, query.maxRuns] },
            '$runs',
            {
              $filter: {
                input: '$runs',
                cond: { $gte: ['$$this._at', { $arrayElemAt: ['$_instants', query.maxRuns - 1] }] },
              },
            },
          ],
        },
      },
    },
    { $unwind: '$runs' },
    { $replaceRoot: { newRoot: '$runs' } },
  ];
}

/**
 * One version's aggregation (`version` null: only the documents without a usable version). Its output:
 * the runs to score, and for every document rejected on the server, `{ $rejected: reason }`.
 */
export function resultsPipeline(
  query: ResultsQuery,
  version: string | null,
  options: PipelineOptions,
): Document[] {
  const projection: Document = Object.fromEntries(
    [...RUN_FIELDS, ...query.detailsPaths.filter((path) => path.startsWith('details.'))].map((field) => [
      field,
      1,
    ]),
  );
  const steps = wallClockSteps(options.dataTimeZone, query.from - 2 * DAY, query.to + 2 * DAY);
  const { pairs, uniqueByName } = testCaseKeys(query);
  const kept = { $or: [{ $ne: ['$_reason', null] }, countedRunExpression(query, options)] };
  return [
    { $match: { $and: [versionFilter(version, options.withoutVersion), indexFilter(query)] } },
    { $project: { ...projection, _at: instantExpression('$start_date', steps) } },
    { $addFields: { _reason: reasonExpression(), _project: projectExpression(pairs, uniqueByName) } },
    { $match: { $expr: { $and: [inScopeExpression(query, version, options.withoutVersion), kept] } } },
    ...rankedAndRejected(query, options),
  ];
}

function rankedAndRejected(query: ResultsQuery, options: PipelineOptions): Document[] {
  return [
    { $addFields: { _group: { $cond: [{ $eq: ['$_reason', null] }, groupExpression(query), '$_id'] } } },
    ...newestStages(query, options.windowFields),
    // A rejected document travels as its reason only (the source hands it on as { $rejected: reason }).
    {
      $replaceRoot: {
        newRoot: { $cond: [{ $eq: ['$_reason', null] }, '$$ROOT', { [REJECTED]: '$_reason' }] },
      },
    },
    { $project: Object.fromEntries(COMPUTED.map((field) => [field, 0])) },
  ];
}

function testCaseKeys(query: ResultsQuery): { pairs: string[]; uniqueByName: Map<string, string> } {
  const pairs = query.testCaseKeys.map(({ project, name }) => `${project}\u0000${name}`);
  const projectsByName = new Map<string, string[]>();
  for (const { project, name } of query.testCaseKeys)
    projectsByName.set(name, [...(projectsByName.get(name) ?? []), project]);
  const uniqueByName = new Map<string, string>();
  for (const [name, projects] of projectsByName)
    if (projects.length === 1) uniqueByName.set(name, projects[0] as string);
  return { pairs, uniqueByName };
}
