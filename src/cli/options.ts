// The options every job command shares (generate, schedule, criteria, state, config, indexes), made from
// the configuration table, and the one place flags become a ReportingConfig: flags > environment >
// reporting.yaml > defaults.
import type { Argv, Options } from 'yargs';
import { CONFIG_REFERENCE, resolveConfig, type OptionKind } from '../config/index.js';
import type { ReportingConfig } from '../config/types.js';
import { SCORING_RULE_IDS } from '../core/index.js';
import { createLogger, type LogFormat, type LogLevel } from './logger.js';
import type { StatusLine } from './status-line.js';

/** Flags of the configuration options, by name: `version`, `as-of`… The rest of a command's args are its own. */
export interface ConfigArgs {
  config?: string;
  source?: string;
  'as-of'?: string;
  [flag: string]: unknown;
}

export interface LogArgs {
  quiet?: boolean;
  verbose?: boolean;
  'log-format'?: string;
}

/** The options of the configuration table that have a flag: the table says their name, kind and meaning. */
const CONFIG_FLAGS = CONFIG_REFERENCE.flatMap((option) =>
  option.flag === null ? [] : [{ ...option, name: option.flag.replace(/^--/, '') }],
);

const YARGS_TYPE: Record<OptionKind, Options> = {
  string: { type: 'string' },
  'nullable-string': { type: 'string' },
  integer: { type: 'number' },
  boolean: { type: 'boolean' },
  list: { type: 'array', string: true },
  rule: { type: 'string', choices: SCORING_RULE_IDS },
};

/** Every flag of every command, for "did you mean" on a typo. */
export const KNOWN_FLAGS = [
  'config',
  ...CONFIG_FLAGS.map((option) => option.name),
  ...[
    'quiet',
    'verbose',
    'log-format',
    'dry-run',
    'json',
    'create-indexes',
    'backfill',
    'cron',
    'tz',
    'run-now',
  ],
  ...['format', 'scenario', 'create', 'help'],
];

/** Repeatable, and comma lists too: `--version colorado,master` or `--version colorado --version master`. */
const list = (values: unknown): string[] =>
  (Array.isArray(values) ? values : [values])
    .flatMap((value) => String(value).split(','))
    .map((value) => value.trim())
    .filter(Boolean);

/** Flags only the pages, the state's retention and the webhook read: a run that publishes needs them. */
const PUBLISHING_FLAGS = new Set(['retention-days', 'ci-build-url', 'stale-after-hours', 'notify-url']);

/**
 * The configuration flags each command reads, so that its --help lists only those (generate, schedule
 * and config print read them all). criteria explain scores as generate does, with the state beside it.
 */
export const COMMAND_FLAGS = {
  all: CONFIG_FLAGS.map((option) => option.name),
  criteria: CONFIG_FLAGS.map((option) => option.name).filter((name) => !PUBLISHING_FLAGS.has(name)),
  state: ['out', 'state', 'version', 'installer'],
  indexes: ['source', 'database', 'collection'],
  export: ['out', 'version', 'installer'],
} as const satisfies Record<string, readonly string[]>;

/** The --config flag and the given configuration flags (every one by default). */
export function withConfigOptions<T>(
  yargs: Argv<T>,
  flags: readonly string[] = COMMAND_FLAGS.all,
): Argv<T & ConfigArgs> {
  return yargs.options({
    config: { type: 'string', describe: 'reporting config file (default ./reporting.yaml if present)' },
    ...Object.fromEntries(
      CONFIG_FLAGS.filter((option) => flags.includes(option.name)).map((option) => [
        option.name,
        { ...YARGS_TYPE[option.kind], describe: option.meaning },
      ]),
    ),
  }) as Argv<T & ConfigArgs>;
}

export function withLogOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('quiet', { type: 'boolean', describe: 'log warnings and errors only' })
    .option('verbose', { type: 'boolean', describe: 'log debug events and error stacks' })
    .option('log-format', { type: 'string', choices: ['text', 'json'], describe: 'log line format' })
    .conflicts('quiet', 'verbose');
}

/** Only the flags actually given: an absent flag must not hide the environment or the file. */
function flagsToConfig(args: ConfigArgs): Partial<ReportingConfig> {
  const flags: Record<string, unknown> = {};
  for (const option of CONFIG_FLAGS) {
    const value = args[option.name];
    if (value === undefined) continue;
    // A scalar flag given twice comes as a list: the last one wins, as in most command lines.
    flags[option.key] = option.kind === 'list' ? list(value) : Array.isArray(value) ? value.at(-1) : value;
  }
  return flags as Partial<ReportingConfig>;
}

/** The configuration the flags, the environment and reporting.yaml make, and which file was read. */
export async function resolveArgs(args: ConfigArgs) {
  return resolveConfig({
    ...(args.config === undefined ? {} : { configPath: args.config }),
    flags: flagsToConfig(args),
    env: process.env,
    cwd: process.cwd(),
  });
}

export async function configFromArgs(args: ConfigArgs): Promise<ReportingConfig> {
  return (await resolveArgs(args)).config;
}

/** The logger the flags ask for; with a status line on the terminal, log lines are written above it. */
export function loggerFromArgs(args: LogArgs, statusLine?: StatusLine | null) {
  const level: LogLevel = args.verbose ? 'debug' : args.quiet ? 'warn' : 'info';
  return createLogger({
    format: (args['log-format'] ?? 'text') as LogFormat,
    level,
    ...(statusLine ? { write: (line: string) => statusLine.log(line) } : {}),
  });
}
