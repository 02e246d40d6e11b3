// The scheduler's rules with a fake cron that ticks when the test says: no overlapping runs, a failed
// run does not stop the schedule, stopping waits for the run in progress.
import { describe, expect, it } from 'vitest';
import { createScheduler, localTime, validateSchedule, type ScheduleFn } from '../../src/app/schedule.js';
import { ConfigError, type Logger } from '../../src/core/index.js';

function recordingLogger() {
  const events: string[] = [];
  const log =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      events.push(`${level} ${event}${fields.reason ? ` ${String(fields.reason)}` : ''}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, events };
}

function fakeCron() {
  const state = { stopped: false, tick: () => {} };
  const scheduleFn: ScheduleFn = (_expression, _timezone, tick) => {
    state.tick = tick;
    return { stop: () => void (state.stopped = true), nextRun: () => new Date('2016-07-15T06:00:00Z') };
  };
  return { state, scheduleFn };
}

/** A job the test finishes by hand. */
function controlledJob() {
  const calls: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const runJob = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { calls, runJob };
}

describe('scheduler', () => {
  it('logs the next run time at start', () => {
    const { logger, events } = recordingLogger();
    createScheduler({
      cron: '0 6 * * *',
      timezone: 'UTC',
      runJob: async () => {},
      logger,
      scheduleFn: fakeCron().scheduleFn,
    });
    expect(events).toEqual(['info schedule.next']);
  });

  it('skips a tick that finds the previous run still going, and says so', async () => {
    const { logger, events } = recordingLogger();
    const job = controlledJob();
    const cron = fakeCron();
    const scheduler = createScheduler({
      cron: '* * * * * *',
      timezone: 'UTC',
      runJob: job.runJob,
      logger,
      scheduleFn: cron.scheduleFn,
    });
    const first = scheduler.tick();
    await scheduler.tick();
    expect(job.calls).toHaveLength(1);
    expect(events).toContain('warn schedule.skipped the previous run is still going');
    job.calls[0]?.resolve();
    await first;
    cron.state.tick();
    expect(job.calls).toHaveLength(2);
    job.calls[1]?.resolve();
  });

  it('logs a failed run with its reason and runs again on the next tick', async () => {
    const { logger, events } = recordingLogger();
    const job = controlledJob();
    const scheduler = createScheduler({
      cron: '* * * * *',
      timezone: 'UTC',
      runJob: job.runJob,
      logger,
      scheduleFn: fakeCron().scheduleFn,
    });
    const first = scheduler.tick();
    job.calls[0]?.reject(new Error('cannot reach MongoDB'));
    await first;
    expect(events).toContain('error run.failed cannot reach MongoDB');
    const second = scheduler.tick();
    job.calls[1]?.resolve();
    await second;
    expect(events.filter((e) => e === 'info run.finished')).toHaveLength(1);
    expect(events.at(-1)).toBe('info schedule.next');
  });

  it('stops at once when idle, and after the current run when busy', async () => {
    const idle = createScheduler({
      cron: '* * * * *',
      timezone: 'UTC',
      runJob: async () => {},
      logger: recordingLogger().logger,
      scheduleFn: fakeCron().scheduleFn,
    });
    await idle.stop();

    const job = controlledJob();
    const cron = fakeCron();
    const busy = createScheduler({
      cron: '* * * * *',
      timezone: 'UTC',
      runJob: job.runJob,
      logger: recordingLogger().logger,
      scheduleFn: cron.scheduleFn,
    });
    void busy.tick();
    let stopped = false;
    const stopping = busy.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(cron.state.stopped).toBe(true);
    expect(stopped).toBe(false);
    job.calls[0]?.resolve();
    await stopping;
    expect(stopped).toBe(true);
    await busy.tick();
    expect(job.calls).toHaveLength(1);
  });
});

describe('localTime', () => {
  it('shows the next run in the zone of the schedule', () => {
    expect(localTime(new Date('2016-07-15T04:00:00Z'), 'Europe/Paris')).toBe('2016-07-15 06:00 +02:00');
    expect(localTime(new Date('2016-12-15T05:00:00Z'), 'Europe/Paris')).toBe('2016-12-15 06:00 +01:00');
  });
});

describe('validateSchedule', () => {
  it.each([
    ['a bad cron expression', '61 * * * *', 'UTC', /is not a cron expression/],
    ['words', 'every morning', 'UTC', /is not a cron expression/],
    ['a bad time zone', '0 6 * * *', 'Mars/Olympus', /is not a time zone/],
  ])('refuses %s', (_name, cron, tz, message) => {
    expect(() => validateSchedule(cron, tz)).toThrow(ConfigError);
    expect(() => validateSchedule(cron, tz)).toThrow(message);
  });

  it('accepts a valid expression and zone', () => {
    expect(() => validateSchedule('0 6 * * *', 'Europe/Paris')).not.toThrow();
  });
});
