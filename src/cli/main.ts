#!/usr/bin/env node
// The command line: yargs commands, each a thin shell over one app/ function. Expected failures are
// typed errors mapped to exit codes here, once: ConfigError → 2, anything else (SourceError,
// StateError, a write that failed) → 1.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { closest, redactText } from '../config/index.js';
import { ConfigError, ExpressionError } from '../core/index.js';
import { configCommand } from './commands/config.js';
import { criteriaCommand } from './commands/criteria.js';
import { generateCommand } from './commands/generate.js';
import { indexesCommand } from './commands/indexes.js';
import { scheduleCommand } from './commands/schedule.js';
import { stateCommand } from './commands/state.js';
import { KNOWN_FLAGS } from './options.js';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function exitCodeOf(error: unknown): number {
  if (error instanceof ConfigError || error instanceof ExpressionError) return EXIT_USAGE;
  return EXIT_FAILED;
}

function describeError(error: unknown): string {
  if (error instanceof ConfigError) {
    const where = [error.file, error.line, error.column].filter((part) => part !== undefined).join(':');
    return where ? `${where}: ${error.message}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** "did you mean --period?" for a mistyped flag. */
function suggestion(message: string, known: string[]): string {
  const unknown = /Unknown arguments?: (.+)/.exec(message)?.[1]?.split(', ') ?? [];
  const hints = unknown
    .map((name) => closest(name.replace(/^-+/, ''), known))
    .filter((hint): hint is string => hint !== null);
  return hints.length > 0 ? ` — did you mean ${hints.map((hint) => `--${hint}`).join(', ')}?` : '';
}

const verbose = process.argv.includes('--verbose');

await yargs(hideBin(process.argv))
  .scriptName('scenario-report')
  .usage(
    '$0 <command> [options]\n\nTurns CI test results into a daily release-readiness verdict and status pages.',
  )
  .command(generateCommand)
  .command(scheduleCommand)
  .command(stateCommand)
  .command(criteriaCommand)
  .command(configCommand)
  .command(indexesCommand)
  .demandCommand(1, 'name a command, e.g. `scenario-report generate`')
  .recommendCommands()
  .strict()
  .version(false)
  .help()
  .alias('help', 'h')
  .wrap(Math.min(110, process.stdout.columns || 80))
  .fail((message, error) => {
    if (error === undefined || error === null) {
      // yargs' own usage errors: unknown flag, missing argument, bad choice.
      process.stderr.write(
        `error: ${message}${suggestion(message, KNOWN_FLAGS)}\nRun with --help for the options.\n`,
      );
      process.exit(EXIT_USAGE);
    }
    process.stderr.write(`error: ${redactText(describeError(error))}\n`);
    if (verbose && error instanceof Error && error.stack)
      process.stderr.write(`${redactText(error.stack)}\n`);
    process.exit(exitCodeOf(error));
  })
  .parseAsync();
