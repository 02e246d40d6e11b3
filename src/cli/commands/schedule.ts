// `scenario-report schedule`: generate on a cron schedule, in-process, until SIGTERM or SIGINT.
import type { Argv, CommandModule } from 'yargs';
import { generate } from '../../app/generate.js';
import { createScheduler, validateSchedule } from '../../app/schedule.js';
import { ConfigError } from '../../core/index.js';
import {
  configFromArgs,
  loggerFromArgs,
  withConfigOptions,
  withLogOptions,
  type ConfigArgs,
  type LogArgs,
} from '../options.js';

interface ScheduleArgs extends ConfigArgs, LogArgs {
  cron: string;
  tz: string;
  'run-now'?: boolean;
}

export const scheduleCommand: CommandModule<object, ScheduleArgs> = {
  command: 'schedule',
  describe: 'run generate on a cron schedule until stopped (SIGTERM/SIGINT stop after the current run)',
  builder: (yargs: Argv) =>
    withLogOptions(withConfigOptions(yargs))
      .option('cron', { type: 'string', demandOption: true, describe: 'cron expression, e.g. "0 6 * * *"' })
      .option('tz', { type: 'string', default: 'UTC', describe: 'time zone of the cron expression' })
      .option('run-now', { type: 'boolean', describe: 'also run once at start' })
      .example('$0 schedule --cron "0 6 * * *" --tz Europe/Paris', 'every day at 06:00 Paris time')
      .example(
        '$0 schedule --cron "0 */4 * * *" --run-now --installer fuel',
        'every 4 hours, and now',
      ) as Argv<ScheduleArgs>,
  handler: async (args) => {
    validateSchedule(args.cron, args.tz);
    if (args['as-of'] !== undefined) {
      throw new ConfigError(
        '--as-of fixes the report day; a schedule reports on the day it runs. Drop --as-of.',
      );
    }
    // The configuration is checked now, and read again for every run: an edited reporting.yaml applies
    // from the next run on, without a restart.
    await configFromArgs(args);
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
};
