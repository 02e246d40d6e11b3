// The options every job command shares (generate, schedule, criteria explain, config print), and the
// one place flags become a ReportingConfig: flags > environment > reporting.yaml > defaults.
import type { Argv } from 'yargs';
import { resolveConfig } from '../config/index.js';
import type { ReportingConfig } from '../config/types.js';
import type { ScoringRule } from '../core/index.js';
import { createLogger, type LogFormat, type LogLevel } from './logger.js';

export interface ConfigArgs {
  config?: string;
  criteria?: string;
  source?: string;
  database?: string;
  collection?: string;
  version?: string[];
  installer?: string[];
  'as-of'?: string;
  period?: number;
  'max-runs'?: number;
  rule?: string;
  'stale-hours'?: number;
  'exclude-noha'?: boolean;
  'exclude-virtual'?: boolean;
  'arch-split'?: boolean;
  'data-time-zone'?: string;
  out?: string;
  state?: string;
  'retention-days'?: number;
  'ci-build-url'?: string;
  'notify-url'?: string;
}

export interface LogArgs {
  quiet?: boolean;
  verbose?: boolean;
  'log-format'?: string;
}

/** Every flag of every command, for "did you mean" on a typo. */
export const KNOWN_FLAGS = [
  ...['config', 'criteria', 'source', 'database', 'collection', 'version', 'installer', 'as-of', 'period'],
  ...['max-runs', 'rule', 'stale-hours', 'exclude-noha', 'exclude-virtual', 'arch-split', 'data-time-zone'],
  ...['out', 'state', 'retention-days', 'ci-build-url', 'notify-url', 'quiet', 'verbose', 'log-format'],
  ...['dry-run', 'json', 'create-indexes', 'cron', 'tz', 'run-now', 'format', 'scenario', 'create', 'help'],
];

/** Repeatable, and comma lists too: `--version colorado,master` or `--version colorado --version master`. */
const list = (values: unknown): string[] | undefined =>
  Array.isArray(values)
    ? values
        .flatMap((value) => String(value).split(','))
        .map((value) => value.trim())
        .filter(Boolean)
    : undefined;

export function withConfigOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('config', {
      type: 'string',
      describe: 'reporting config file (default ./reporting.yaml if present)',
    })
    .option('criteria', { type: 'string', describe: 'folder of criteria *.yaml files' })
    .option('source', {
      type: 'string',
      describe: 'file:PATH, mongodb://…, mongodb+srv://… or http(s)://…/api/v1',
    })
    .option('database', { type: 'string', describe: 'MongoDB database' })
    .option('collection', { type: 'string', describe: 'MongoDB collection' })
    .option('version', { type: 'array', string: true, describe: 'release version(s); default: discovered' })
    .option('installer', { type: 'array', string: true, describe: 'installer(s); default: discovered' })
    .option('as-of', { type: 'string', describe: 'report instant or day (YYYY-MM-DD = end of that UTC day)' })
    .option('period', { type: 'number', describe: 'days in the report window' })
    .option('max-runs', { type: 'number', describe: 'newest runs kept per test case' })
    .option('rule', { type: 'string', choices: ['documented', 'legacy-2016'], describe: 'scoring rule' })
    .option('stale-hours', { type: 'number', describe: 'a scenario whose newest run is older is stale' })
    .option('exclude-noha', { type: 'boolean', describe: 'drop scenarios whose name contains noha' })
    .option('exclude-virtual', { type: 'boolean', describe: 'drop runs from virtual pods' })
    .option('arch-split', { type: 'boolean', describe: 'split installers by pod architecture' })
    .option('data-time-zone', { type: 'string', describe: 'time zone of dates stored without one' })
    .option('out', { type: 'string', describe: 'output folder of the site' })
    .option('state', { type: 'string', describe: 'state file' })
    .option('retention-days', { type: 'number', describe: 'days of history the state keeps' })
    .option('ci-build-url', { type: 'string', describe: 'build link pattern with {job} and {build}' })
    .option('notify-url', { type: 'string', describe: "POST the day's changes here after a successful run" });
}

export function withLogOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('quiet', { type: 'boolean', describe: 'log warnings and errors only' })
    .option('verbose', { type: 'boolean', describe: 'log debug events and error stacks' })
    .option('log-format', { type: 'string', choices: ['text', 'json'], describe: 'log line format' })
    .conflicts('quiet', 'verbose');
}

/** Only the flags actually given: an absent flag must not hide the environment or the file. */
export function flagsToConfig(args: ConfigArgs): Partial<ReportingConfig> {
  const flags: Partial<ReportingConfig> = {};
  const set = <K extends keyof ReportingConfig>(key: K, value: ReportingConfig[K] | undefined) => {
    // A scalar flag given twice comes as a list: the last one wins, as in most command lines.
    const single = Array.isArray(value) && key !== 'versions' && key !== 'installers' ? value.at(-1) : value;
    if (single !== undefined) flags[key] = single as ReportingConfig[K];
  };
  set('criteriaDir', args.criteria);
  set('source', args.source);
  set('database', args.database);
  set('collection', args.collection);
  set('versions', list(args.version));
  set('installers', list(args.installer));
  set('asOf', args['as-of']);
  set('periodDays', args.period);
  set('maxRuns', args['max-runs']);
  set('rule', args.rule as ScoringRule | undefined);
  set('staleHours', args['stale-hours']);
  set('excludeNoha', args['exclude-noha']);
  set('excludeVirtual', args['exclude-virtual']);
  set('archSplit', args['arch-split']);
  set('dataTimeZone', args['data-time-zone']);
  set('outDir', args.out);
  set('statePath', args.state);
  set('retentionDays', args['retention-days']);
  set('ciBuildUrl', args['ci-build-url']);
  set('notifyUrl', args['notify-url']);
  return flags;
}

export async function configFromArgs(args: ConfigArgs): Promise<ReportingConfig> {
  const { config } = await resolveConfig({
    ...(args.config === undefined ? {} : { configPath: args.config }),
    flags: flagsToConfig(args),
    env: process.env,
    cwd: process.cwd(),
  });
  return config;
}

export function loggerFromArgs(args: LogArgs) {
  const level: LogLevel = args.verbose ? 'debug' : args.quiet ? 'warn' : 'info';
  return createLogger({ format: (args['log-format'] ?? 'text') as LogFormat, level });
}
