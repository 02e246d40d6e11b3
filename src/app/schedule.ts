// The job on a timer, in-process: node-cron ticks, but this module decides what a tick does, so the
// rules are testable without waiting for a clock. Never two runs at once; a failed run is logged and the
// schedule goes on; stopping waits for the run in progress.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import cron from 'node-cron';
import { ConfigError, isTimeZone, type Logger } from '../core/index.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The next run as the operator wrote the schedule: wall-clock time in the schedule's zone. */
export function localTime(instant: Date, zone: string): string {
  return dayjs(instant).tz(zone).format('YYYY-MM-DD HH:mm Z');
}

/** What a cron library gives back: a way to stop it and to know the next tick. */
export interface CronTask {
  stop(): void | Promise<void>;
  nextRun(): Date | null;
}

export type ScheduleFn = (expression: string, timezone: string, tick: () => void) => CronTask;

export interface SchedulerOptions {
  cron: string;
  timezone: string;
  runJob: () => Promise<void>;
  logger: Logger;
  /** node-cron by default; tests pass a fake they tick by hand. */
  scheduleFn?: ScheduleFn;
}

export interface Scheduler {
  /** One tick: starts a run, or logs and skips it when one is still going. Resolves when that run ends. */
  tick(): Promise<void>;
  /** Stops ticking; resolves once the run in progress (if any) has finished. */
  stop(): Promise<void>;
  readonly running: boolean;
}

/** Refuses a bad cron expression or time zone before anything is scheduled (exit 2). */
export function validateSchedule(expression: string, timezone: string): void {
  const check = cron.validateDetailed(expression);
  if (!check.valid) {
    const why = check.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    throw new ConfigError(
      `--cron "${expression}" is not a cron expression (${why}); e.g. "0 6 * * *" for 06:00 daily`,
    );
  }
  if (!isTimeZone(timezone)) {
    throw new ConfigError(`--tz "${timezone}" is not a time zone; use a name like Europe/Paris or UTC`);
  }
}

const nodeCronSchedule: ScheduleFn = (expression, timezone, tick) => {
  const task = cron.schedule(expression, tick, { timezone, name: 'scenario-report' });
  return { stop: () => task.stop(), nextRun: () => task.getNextRun() };
};

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { logger } = options;
  let current: Promise<void> | null = null;
  let stopped = false;
  const logNext = () => {
    const next = task.nextRun();
    if (!stopped && next) {
      logger.info('schedule.next', { at: localTime(next, options.timezone), tz: options.timezone });
    }
  };

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (current) {
      logger.warn('schedule.skipped', { reason: 'the previous run is still going' });
      return Promise.resolve();
    }
    const started = Date.now();
    logger.info('run.started');
    current = options
      .runJob()
      .then(
        () => logger.info('run.finished', { seconds: (Date.now() - started) / 1000 }),
        (error: unknown) => logger.error('run.failed', { reason: (error as Error).message ?? String(error) }),
      )
      .finally(() => {
        current = null;
        logNext();
      });
    return current;
  };

  const task = (options.scheduleFn ?? nodeCronSchedule)(options.cron, options.timezone, () => void tick());
  logNext();
  return {
    tick,
    get running() {
      return current !== null;
    },
    stop: async () => {
      stopped = true;
      await task.stop();
      if (current) {
        logger.info('schedule.stopping', { waitingFor: 'the run in progress' });
        await current;
      }
    },
  };
}
