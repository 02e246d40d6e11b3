// `scenario-report generate`: parse flags, run the job once, print the verdict.
import { generate } from '../../app/generate.js';
import { ensureResultsIndex } from '../../app/indexes.js';
import { ConfigError } from '../../core/index.js';
import { defineCommand, type CommandArgs } from '../command.js';
import { COMMAND_FLAGS, loggerFromArgs } from '../options.js';
import { createStatusLine, type StatusLine } from '../status-line.js';
import { formatVerdictTable, verdictSummary } from '../verdict-table.js';

/** More than the state's default retention (400 days) would replay days it then prunes. */
const MAX_BACKFILL_DAYS = 400;

interface GenerateArgs extends CommandArgs {
  'dry-run'?: boolean;
  json?: boolean;
  'create-indexes'?: boolean;
  backfill?: number;
}

export const generateCommand = defineCommand<GenerateArgs>({
  command: 'generate',
  describe: 'read the results, score every scenario, write status.json, the pages and the state',
  flags: COMMAND_FLAGS.all,
  logs: true,
  options: (yargs) =>
    yargs
      .option('dry-run', { type: 'boolean', describe: 'print the verdict, write nothing' })
      .option('json', { type: 'boolean', describe: 'print the summary as one JSON object on stdout' })
      .option('backfill', {
        type: 'number',
        describe:
          'replay this many report days ending with --as-of, oldest first, under one lock (first deployment)',
      })
      .option('create-indexes', {
        type: 'boolean',
        describe: 'create the MongoDB index the query uses first',
      }),
  examples: [
    [
      '$0 generate --source file:examples/results.sample.ndjson --as-of 2016-07-14',
      'score the bundled sample data and write output/',
    ],
    [
      '$0 generate --backfill 30',
      'first deployment: replay the last 30 report days so the site starts with history',
    ],
    ['$0 generate --installer fuel', "regenerate only fuel's pages (the index is refreshed)"],
  ],
  run: async (args, config) => {
    const progress = terminalProgress(args);
    const logger = loggerFromArgs(args, progress);
    if (args['create-indexes'] && config.source.startsWith('mongodb')) {
      const index = await ensureResultsIndex(config);
      logger.info('index.ready', { index: index.name, created: !index.existed });
    }
    const result = await generate({
      config,
      logger,
      now: Date.now,
      dryRun: args['dry-run'] === true,
      backfillDays: backfillDays(args.backfill),
      ...(progress ? { onProgress: (phase, count) => progress.show(progressText(phase, count)) } : {}),
    }).finally(() => progress?.done());
    try {
      process.stdout.write(
        args.json
          ? `${JSON.stringify(verdictSummary(result.verdict, result.documents, result.wroteFiles))}\n`
          : formatVerdictTable(result.verdict, result.documents),
      );
    } catch (error) {
      // Pages and state are committed: a verdict too large for one string (RangeError) must not report
      // the run as failed. A dry run has only its printout, so there it fails; any other error is a bug,
      // and exits 70 as bugs do.
      if (!result.wroteFiles || !(error instanceof RangeError)) throw error;
      logger.warn('report.unprinted', { reason: (error as Error).message, out: config.outDir });
    }
  },
});

/** Days a backfill replays: a whole number from 1 (the --as-of day alone) to a year and a bit. */
function backfillDays(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1 || value > MAX_BACKFILL_DAYS) {
    throw new ConfigError(
      `--backfill ${String(value)}: give the number of report days to replay, from 1 to ${MAX_BACKFILL_DAYS}`,
    );
  }
  return value;
}

/** One updating line on stderr while a long run reads and writes; only on a terminal, never in logs. */
function terminalProgress(args: GenerateArgs): StatusLine | null {
  if (!process.stderr.isTTY || args.quiet || args['log-format'] === 'json') return null;
  return createStatusLine(process.stderr);
}

function progressText(phase: 'reading' | 'writing', count: number): string {
  return phase === 'reading' ? `reading… ${count.toLocaleString('en')} documents` : 'writing the site…';
}
