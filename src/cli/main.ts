#!/usr/bin/env node
// The command line: yargs commands, each a thin shell over one app/ function. Failures map to exit
// codes here, once: ConfigError and ExpressionError → 2 (usage); SourceError, StateError and errors of
// the operating system (a write that failed) → 1 (the run failed); anything else is a bug in
// scenario-report → 70 (EX_SOFTWARE) with its stack, so cron does not file it as "source unreachable".
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { closest, redactText } from '../config/index.js';
import { ConfigError, ExpressionError, SourceError, StateError } from '../core/errors.js';
import { configCommand } from './commands/config.js';
import { criteriaCommand } from './commands/criteria.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { indexesCommand } from './commands/indexes.js';
import { scheduleCommand } from './commands/schedule.js';
import { stateCommand } from './commands/state.js';
import { KNOWN_FLAGS } from './options.js';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
/** sysexits.h's EX_SOFTWARE: an internal error. */
const EXIT_BUG = 70;

/** An error of the operating system (ENOENT, EACCES, ENOSPC…), itself or as the cause of a wrapping one. */
function isSystemError(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const { code, syscall } = current as NodeJS.ErrnoException;
    if (typeof code === 'string' && typeof syscall === 'string') return true;
  }
  return false;
}

function exitCodeOf(error: unknown): number {
  if (error instanceof ConfigError || error instanceof ExpressionError) return EXIT_USAGE;
  if (error instanceof SourceError || error instanceof StateError || isSystemError(error)) return EXIT_FAILED;
  return EXIT_BUG;
}

function describeError(error: unknown): string {
  if (error instanceof ConfigError) {
    const where = [error.file, error.line, error.column].filter((part) => part !== undefined).join(':');
    return where ? `${where}: ${error.message}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** "did you mean --period?" for a mistyped flag; a flag of another command is said to be one. */
function suggestion(message: string, known: string[]): string {
  const unknown = (/Unknown arguments?: (.+)/.exec(message)?.[1]?.split(', ') ?? []).map((name) =>
    name.replace(/^-+/, ''),
  );
  const elsewhere = unknown.filter((name) => known.includes(name));
  const hints = unknown
    .filter((name) => !known.includes(name))
    .map((name) => closest(name, known))
    .filter((hint): hint is string => hint !== null);
  return [
    ...elsewhere.map((name) => ` — --${name} is not an option of this command (see its --help)`),
    ...(hints.length > 0 ? [` — did you mean ${hints.map((hint) => `--${hint}`).join(', ')}?`] : []),
  ].join('');
}

const verbose = process.argv.includes('--verbose');

/** Writes the failure for the operator (and the stack of a bug) and exits with its code. */
function exitOn(error: unknown): never {
  const code = exitCodeOf(error);
  if (code === EXIT_BUG) {
    process.stderr.write(
      'error: scenario-report failed on a bug, not on its input; please report it with this stack:\n',
    );
  } else {
    process.stderr.write(`error: ${redactText(describeError(error))}\n`);
  }
  const stack = error instanceof Error ? error.stack : String(error);
  if ((verbose || code === EXIT_BUG) && stack) process.stderr.write(`${redactText(stack)}\n`);
  process.exit(code);
}

// A throw from a timer or a forgotten promise never reaches yargs: it is a bug all the same.
process.on('uncaughtException', exitOn);
process.on('unhandledRejection', exitOn);

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
  .command(exportCommand)
  .example(
    '$0 generate --source file:examples/results.sample.ndjson --as-of 2016-07-14',
    'score the bundled sample data and write output/',
  )
  .example('$0 generate --help', "one command's options and examples")
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
    exitOn(error);
  })
  .parseAsync();
