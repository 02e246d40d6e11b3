// The optional webhook: the day's changes POSTed as JSON after a successful run. It never fails the run
// and never holds it long: bounded retries, a timeout per attempt, failures only logged.
import { redactText, splitCredentials } from '../config/index.js';
import type { Logger } from '../core/index.js';

export interface NotifyOptions {
  retries: number;
  timeoutMs: number;
  logger: Logger;
  fetchFn?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const BACKOFF_MS = 500;

/** True when the receiver answered 2xx. */
export async function notifyChanges(url: string, payload: unknown, options: NotifyOptions): Promise<boolean> {
  const fetchFn = options.fetchFn ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const target = redactText(url);
  const { endpoint, headers } = requestParts(url);
  let failure = '';
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (attempt > 0) await sleep(BACKOFF_MS * 2 ** (attempt - 1));
    try {
      const response = await fetchFn(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.ok) {
        options.logger.info('notify.sent', { url: target, status: response.status });
        return true;
      }
      failure = `HTTP ${response.status}`;
      // A 4xx will not get better by asking again.
      if (response.status < 500) break;
    } catch (error) {
      failure = (error as Error).message;
    }
  }
  options.logger.warn('notify.failed', { url: target, reason: failure });
  return false;
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
