// The optional webhook: the day's changes POSTed as JSON after a successful run. It never fails the run
// and never holds it long: bounded retries, a timeout per attempt (connect and headers; the answer's
// body is not read), and a deadline for the whole call, waits included; failures are only logged.
import { setTimeout as delay } from 'node:timers/promises';
import { redactWebhookUri, splitCredentials } from '../config/index.js';
import type { ReportingConfig } from '../config/types.js';
import type { Logger, VersionChanges } from '../core/index.js';
import { changesJson } from './status-json.js';

export interface NotifyOptions {
  retries: number;
  /** One attempt. */
  timeoutMs: number;
  /** The whole call: every attempt and every wait between them. */
  deadlineMs: number;
  logger: Logger;
  fetchFn?: typeof fetch;
  /** Tests replace the wait between attempts; the signal ends it at the deadline. */
  sleep?: (ms: number, stopped: AbortSignal) => Promise<void>;
}

const BACKOFF_MS = 500;

class AttemptTimedOut extends Error {}

/** True when the receiver answered 2xx. */
export async function notifyChanges(url: string, payload: unknown, options: NotifyOptions): Promise<boolean> {
  const target = redactWebhookUri(url);
  const pastDeadline = new AbortController();
  // Held until the call ends, so it fires even while an attempt hangs.
  const timer = setTimeout(
    () => pastDeadline.abort(new Error(`no answer within the deadline of ${options.deadlineMs} ms`)),
    options.deadlineMs,
  );
  try {
    const outcome = await attempts(url, JSON.stringify(payload), options, pastDeadline.signal);
    if ('status' in outcome) {
      options.logger.info('notify.sent', { url: target, status: outcome.status });
      return true;
    }
    options.logger.warn('notify.failed', { url: target, reason: outcome.failure });
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The 2xx status once an attempt is answered so, otherwise why the last one failed. */
async function attempts(
  url: string,
  body: string,
  options: NotifyOptions,
  pastDeadline: AbortSignal,
): Promise<{ status: number } | { failure: string }> {
  const sleep =
    options.sleep ?? ((ms: number, stopped: AbortSignal) => delay(ms, undefined, { signal: stopped }));
  const { endpoint, headers } = requestParts(url);
  let failure = '';
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    try {
      if (attempt > 0) await sleep(BACKOFF_MS * 2 ** (attempt - 1), pastDeadline);
      pastDeadline.throwIfAborted();
      const status = await post(endpoint, { headers, body }, options, pastDeadline);
      if (status >= 200 && status < 300) return { status };
      failure = `HTTP ${status}`;
      // A 4xx will not get better by asking again.
      if (status < 500) break;
    } catch (error) {
      if (pastDeadline.aborted) return { failure: (pastDeadline.reason as Error).message };
      failure =
        error instanceof AttemptTimedOut
          ? `no answer within ${options.timeoutMs} ms`
          : (error as Error).message;
    }
  }
  return { failure };
}

/** One POST within timeoutMs (and the call's deadline); the answer's status, its body cancelled. */
async function post(
  endpoint: string,
  request: { headers: Record<string, string>; body: string },
  options: NotifyOptions,
  pastDeadline: AbortSignal,
): Promise<number> {
  const exchange = new AbortController();
  const timer = setTimeout(() => exchange.abort(new AttemptTimedOut()), options.timeoutMs);
  const stop = () => exchange.abort(pastDeadline.reason);
  pastDeadline.addEventListener('abort', stop, { once: true });
  try {
    const response = await (options.fetchFn ?? fetch)(endpoint, {
      method: 'POST',
      ...request,
      signal: exchange.signal,
    });
    await response.body?.cancel();
    return response.status;
  } catch (error) {
    if (exchange.signal.aborted) throw exchange.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    pastDeadline.removeEventListener('abort', stop);
  }
}

/** The URL without credentials, and a Basic authorization header if it had any. */
function requestParts(url: string): { endpoint: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { endpoint: url, headers };
  }
  const { url: bare, authorization } = splitCredentials(parsed);
  if (authorization !== null) headers.authorization = authorization;
  return { endpoint: bare.toString(), headers };
}

/** The report day's changes, if it has any, posted to the webhook as status.json spells them. */
export async function notifyDay(
  url: string,
  config: ReportingConfig,
  changes: VersionChanges[],
  day: string,
  logger: Logger,
) {
  const today = changes
    .map((version) => ({ version: version.version, days: version.days.filter((entry) => entry.day === day) }))
    .filter((version) => version.days.length > 0);
  if (today.length === 0) return;
  await notifyChanges(
    url,
    { day, changes: today.map(changesJson) },
    {
      retries: config.http.retries,
      timeoutMs: config.http.timeoutMs,
      deadlineMs: config.notifyDeadlineMs,
      logger,
    },
  );
}
