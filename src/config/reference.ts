// Every configuration option in one table: its key in ReportingConfig, in reporting.yaml, in the
// environment and on the command line, with its default. The loader, `config print` and the README's
// table all come from here, so they cannot disagree.
import { SCORING_RULE_IDS } from '../core/index.js';
import type { ReportingConfig } from './types.js';

export type OptionKind = 'string' | 'nullable-string' | 'integer' | 'boolean' | 'list' | 'rule';

export interface OptionSpec {
  /** Dotted path in ReportingConfig. */
  key: string;
  /** Dotted path in reporting.yaml. */
  yaml: string;
  env: string;
  /** Command-line flag, or null when it has none. */
  flag: string | null;
  kind: OptionKind;
  meaning: string;
}

const option = (
  key: string,
  yaml: string,
  kind: OptionKind,
  flag: string | null,
  meaning: string,
  env = `SCENARIO_REPORT_${yaml
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase()}`,
): OptionSpec => ({ key, yaml, env, flag, kind, meaning });

export const CONFIG_REFERENCE: readonly OptionSpec[] = [
  option(
    'source',
    'source',
    'string',
    '--source',
    'file:PATH, mongodb://…, mongodb+srv://… or http(s)://…/api/v1 (also RESULTS_SOURCE, MONGODB_URI)',
    'SCENARIO_REPORT_SOURCE',
  ),
  option('database', 'database', 'string', '--database', 'MongoDB database'),
  option('collection', 'collection', 'string', '--collection', 'MongoDB collection'),
  option('criteriaDir', 'criteria', 'string', '--criteria', 'folder of criteria *.yaml files'),
  option(
    'versions',
    'versions',
    'list',
    '--version',
    'versions to report, in page order; empty = discovered',
  ),
  option(
    'installers',
    'installers',
    'list',
    '--installer',
    'installers to report, in page order; empty = discovered',
  ),
  option(
    'asOf',
    'asOf',
    'nullable-string',
    '--as-of',
    'report instant or day (a day = its end, UTC); empty = now',
  ),
  option('periodDays', 'period', 'integer', '--period', 'days in the report window'),
  option('rule', 'scoring.rule', 'rule', '--rule', SCORING_RULE_IDS.join(' or ')),
  option('maxRuns', 'scoring.maxRuns', 'integer', '--max-runs', 'newest runs kept per test case'),
  option(
    'originalLastRuns',
    'scoring.originalLastRuns',
    'integer',
    '--original-last-runs',
    'runs the legacy-2016 rule looks at (the 2016 job: 5 until November 2016, then 4)',
  ),
  option(
    'discoverBy',
    'scoring.discoverBy',
    'nullable-string',
    '--discover-by',
    'list a scenario only when this test case ran in the window (the 2016 job: tempest_smoke_serial); empty = any scored test case',
  ),
  option(
    'staleHours',
    'scoring.staleHours',
    'integer',
    '--stale-hours',
    'a scenario whose newest run is older is stale',
  ),
  option(
    'excludeNoha',
    'filters.excludeNoha',
    'boolean',
    '--exclude-noha',
    'drop scenarios whose name contains noha',
  ),
  option(
    'excludeVirtual',
    'filters.excludeVirtual',
    'boolean',
    '--exclude-virtual',
    'drop runs from virtual pods',
  ),
  option(
    'archSplit',
    'filters.archSplit',
    'boolean',
    '--arch-split',
    'installer@aarch64 / installer@x86_64 by pod',
  ),
  option(
    'dataTimeZone',
    'dataTimeZone',
    'string',
    '--data-time-zone',
    'zone of start_date values written without one',
  ),
  option('outDir', 'output.dir', 'string', '--out', 'output folder of the site'),
  option(
    'statePath',
    'output.state',
    'string',
    '--state',
    'state file (default: state.json in the output folder)',
  ),
  option(
    'retentionDays',
    'output.retentionDays',
    'integer',
    '--retention-days',
    'days of history the state keeps',
  ),
  option(
    'ciBuildUrl',
    'output.ciBuildUrl',
    'string',
    '--ci-build-url',
    'build link pattern with {job} and {build}',
  ),
  option(
    'staleAfterHours',
    'output.staleAfterHours',
    'integer',
    '--stale-after-hours',
    'a page opened this long after it was generated says the daily job may have stopped',
  ),
  option(
    'mongo.serverSelectionTimeoutMS',
    'mongo.serverSelectionTimeoutMS',
    'integer',
    null,
    'give up on an unreachable server after this',
  ),
  option('mongo.maxTimeMS', 'mongo.maxTimeMS', 'integer', null, 'server-side time limit of the aggregation'),
  option(
    'mongo.allowDiskUse',
    'mongo.allowDiskUse',
    'boolean',
    null,
    'let the server spill large sorts to disk',
  ),
  option(
    'http.timeoutMs',
    'http.timeoutMs',
    'integer',
    null,
    'results API request timeout: connect, headers and the whole body',
  ),
  option('http.retries', 'http.retries', 'integer', null, 'retries on 5xx and timeouts'),
  option('http.concurrency', 'http.concurrency', 'integer', null, 'results API requests in flight at once'),
  option('http.maxPages', 'http.maxPages', 'integer', null, 'results API pages one run reads at most'),
  option(
    'http.deadlineMs',
    'http.deadlineMs',
    'integer',
    null,
    'the whole results API read (every page, retry and wait) gives up after this',
  ),
  option(
    'readiness.minInstallers',
    'readiness.minInstallers',
    'integer',
    null,
    'installers a scenario must be validated on to be release-ready',
  ),
  option(
    'readiness.countStale',
    'readiness.countStale',
    'boolean',
    null,
    'count a stale full score as validated for release readiness',
  ),
  option(
    'limits.versions',
    'limits.versions',
    'integer',
    null,
    'versions reported; more are left out with a warning',
  ),
  option(
    'limits.installers',
    'limits.installers',
    'integer',
    null,
    'installers reported per version; more are left out with a warning',
  ),
  option(
    'limits.scenariosPerInstaller',
    'limits.scenariosPerInstaller',
    'integer',
    null,
    'scenarios reported per installer; more are left out with a warning',
  ),
  option(
    'limits.nameLength',
    'limits.nameLength',
    'integer',
    null,
    'longest installer, scenario, version, pod or build tag; longer documents are rejected',
  ),
  option(
    'notifyUrl',
    'notifyUrl',
    'nullable-string',
    '--notify-url',
    "POST the day's changes here after a run; empty = off",
  ),
  option(
    'notifyDeadlineMs',
    'notifyDeadlineMs',
    'integer',
    null,
    'the webhook call, retries and waits included, gives up after this',
  ),
];

export const DEFAULT_CONFIG: ReportingConfig = {
  source: 'file:examples/results.sample.ndjson',
  database: 'test_results_collection',
  collection: 'results',
  criteriaDir: 'criteria',
  versions: [],
  installers: [],
  asOf: null,
  periodDays: 10,
  maxRuns: 10,
  rule: 'documented',
  originalLastRuns: 4,
  discoverBy: null,
  staleHours: 48,
  excludeNoha: false,
  excludeVirtual: false,
  archSplit: false,
  dataTimeZone: 'UTC',
  outDir: 'output',
  statePath: 'output/state.json',
  retentionDays: 400,
  ciBuildUrl: 'https://build.opnfv.org/ci/job/{job}/{build}/',
  staleAfterHours: 36,
  mongo: { serverSelectionTimeoutMS: 5000, maxTimeMS: 60_000, allowDiskUse: true },
  http: { timeoutMs: 30_000, retries: 3, concurrency: 4, maxPages: 10_000, deadlineMs: 900_000 },
  readiness: { minInstallers: 1, countStale: false },
  limits: { versions: 50, installers: 100, scenariosPerInstaller: 5000, nameLength: 256 },
  notifyUrl: null,
  notifyDeadlineMs: 60_000,
};

export function getPath(object: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], object);
}

export function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = object;
  for (const part of parts.slice(0, -1)) {
    target[part] = { ...((target[part] as Record<string, unknown> | undefined) ?? {}) };
    target = target[part] as Record<string, unknown>;
  }
  target[parts[parts.length - 1] ?? path] = value;
}

/** The configuration as reporting.yaml writes it (its keys, not ReportingConfig's): `config print` output loads back. */
export function reportingYamlOf(config: ReportingConfig): Record<string, unknown> {
  const yaml: Record<string, unknown> = {};
  for (const spec of CONFIG_REFERENCE) setPath(yaml, spec.yaml, getPath(config, spec.key));
  return yaml;
}
