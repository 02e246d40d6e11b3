// `scenario-report schedule`: generate on a cron schedule, in-process, until SIGTERM or SIGINT.
import { generate } from '../../app/generate.js';
import { createScheduler, validateSchedule } from '../../app/schedule.js';
import { ConfigError } from '../../core/index.js';
import { defineCommand, type CommandArgs } from '../command.js';
import { COMMAND_FLAGS, configFromArgs, loggerFromArgs } from '../options.js';

export const scheduleCommand = defineCommand<CommandArgs & { cron: string; tz: string; 'run-now'?: boolean }>(
  {
    command: 'schedule',
    describe: 'run generate on a cron schedule until stopped (SIGTERM/SIGINT stop after the current run)',
    flags: COMMAND_FLAGS.all,
    logs: true,
    options: (yargs) =>
      yargs
        .option('cron', { type: 'string', demandOption: true, describe: 'cron expression, e.g. "0 6 * * *"' })
        .option('tz', { type: 'string', default: 'UTC', describe: 'time zone of the cron expression' })
        .option('run-now', { type: 'boolean', describe: 'also run once at start' }),
    examples: [
      ['$0 schedule --cron "0 6 * * *" --tz Europe/Paris', 'every day at 06:00 Paris time'],
      ['$0 schedule --cron "0 */4 * * *" --run-now --installer fuel', 'every 4 hours, and now'],
    ],
    // The configuration is checked before the schedule starts, and read again for every run: an edited
    // reporting.yaml applies from the next run on, without a restart.
    run: async (args) => {
      validateSchedule(args.cron, args.tz);
      if (args['as-of'] !== undefined) {
        throw new ConfigError(
          '--as-of fixes the report day; a schedule reports on the day it runs. Drop --as-of.',
        );
      }
      const logger = loggerFromArgs(args);
      const scheduler = createScheduler({
        cron: args.cron,
        timezone: args.tz,
        logger,
        runJob: async () => {
          await generate({ config: await configFromArgs(args), logger, now: Date.now });
        },
      });
      logger.info('schedule.started', { cron: args.cron, tz: args.tz });
      const stopped = new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info('schedule.signal', { signal });
          void scheduler.stop().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      if (args['run-now']) void scheduler.tick();
      await stopped;
      logger.info('schedule.stopped');
    },
  },
);
