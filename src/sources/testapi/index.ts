// http(s)://host/api/v1 — the results API's REST interface. The 2016 job asked it once per (version,
// installer, scenario, test case) and slept a second after each answer; this source asks once per
// (project, version, installer) — an empty list adds no parameter — with `period` = whole days from now
// back to the window's start plus one (the API compares dates in its own zone), and follows
// `pagination.total_pages`, later pages fetched in parallel up to http.concurrency. It never sends
// `last` (the API applies it to the whole answer, not per scenario) nor an upper date bound (the 2016
// API has none and treats unknown parameters as equality filters): the core filters the window exactly.
// Nothing the API does can hold the run: each request, each page's bytes, the page count and the
// whole read are bounded (bounded-get.ts, http.maxPages, http.deadlineMs).
import { ConfigError, SourceError, type ResultDocument } from '../../core/index.js';
import { setTimeout as delay } from 'node:timers/promises';
import { redactText, redactUri, splitCredentials } from '../../config/index.js';
import type { ReportingConfig } from '../../config/types.js';
import type { PresenceFilter, ResultsQuery, ResultsSource, SourceStats } from '../types.js';
import { BodyTooLarge, RequestTimedOut, boundedGet, type BoundedAnswer } from './bounded-get.js';

const DAY = 86_400_000;
/** First wait between attempts; doubled after each failed one (no jitter, so runs are reproducible). */
const BACKOFF_MS = 200;
/** Characters of a refused answer shown in the error, enough to recognise an HTML error page. */
const SHOWN_CHARACTERS = 60;
/** A page body larger than this is refused at this byte: the file source's cap on one document. */
const MAX_PAGE_BYTES = 64 * 1024 * 1024;

export interface TestApiOptions {
  /** Tests replace the wait between attempts; the signal ends the wait early when the read stops. */
  sleep?: (ms: number, stopped: AbortSignal) => Promise<void>;
  /** The clock, for the API's `period` (days back from the API's now). */
  now?: () => number;
}

interface Page {
  documents: ResultDocument[];
  totalPages: number;
}

/** One attempt either gives a page or says why another attempt may help. */
type Attempt = { page: Page } | { failure: string };

interface Endpoint {
  /** `{base}/results` with the base URL's own query parameters (an API token, say), without credentials. */
  resultsUrl: URL;
  headers: Record<string, string>;
}

export function createTestApiSource(
  baseUrl: string,
  config: ReportingConfig,
  options: TestApiOptions = {},
): ResultsSource {
  const endpoint = endpointOf(baseUrl);
  const description = redactUri(baseUrl.replace(/\/+$/, ''));
  const stats: SourceStats = { commands: 0, documentsReceived: 0, bytesReceived: 0 };
  const sleep =
    options.sleep ?? ((ms: number, stopped: AbortSignal) => delay(ms, undefined, { signal: stopped }));
  const now = options.now ?? Date.now;
  const { timeoutMs, retries, maxPages, deadlineMs } = config.http;
  const concurrency = Math.max(1, config.http.concurrency);

  async function attempt(url: URL, shown: string, stopped: AbortSignal): Promise<Attempt> {
    stats.commands++;
    let answer: BoundedAnswer;
    try {
      answer = await boundedGet(url, {
        headers: endpoint.headers,
        timeoutMs,
        maxBytes: MAX_PAGE_BYTES,
        stopped,
        onBytes: (count) => (stats.bytesReceived += count),
      });
    } catch (error) {
      if (stopped.aborted) throw stopped.reason;
      if (error instanceof RequestTimedOut) {
        return { failure: `timed out after ${duration(timeoutMs)}` };
      }
      if (error instanceof BodyTooLarge) {
        throw new SourceError(
          `the results API sent more than ${MAX_PAGE_BYTES / 1024 ** 2} MiB for one page (${shown}): ` +
            'a page is refused at that size, whatever its content; ask the API for smaller pages',
        );
      }
      return { failure: `could not be reached (${connectionCause(error)})` };
    }
    if (answer.status >= 500) return { failure: `answered ${answer.status}` };
    if (answer.status < 200 || answer.status >= 300) {
      throw new SourceError(
        `the results API answered ${answer.status} ${answer.statusText} for ${shown}: ` +
          'check the source URL (it ends in /api/v1) and its credentials',
      );
    }
    return { page: parsePage(answer.body, shown) };
  }

  async function fetchPage(url: URL, stopped: AbortSignal): Promise<Page> {
    const shown = redactUri(url.toString());
    let failure = '';
    for (let attempts = 0; attempts <= retries; attempts++) {
      if (attempts > 0) {
        try {
          await sleep(BACKOFF_MS * 2 ** (attempts - 1), stopped);
        } catch (error) {
          stopped.throwIfAborted();
          throw error;
        }
      }
      stopped.throwIfAborted();
      const outcome = await attempt(url, shown, stopped);
      if ('page' in outcome) return outcome.page;
      failure = outcome.failure;
    }
    throw new SourceError(
      `the results API ${failure} ${times(retries + 1)} for ${shown}: check that it is up, ` +
        'or raise http.retries / http.timeoutMs (one request: connect, headers and the whole body)',
    );
  }

  /** Pages 2…total in order, at most `concurrency` requests in flight, at most that many pages held. */
  async function* laterPages(url: URL, totalPages: number, stopped: AbortSignal): AsyncGenerator<Page> {
    const pending: Promise<Page>[] = [];
    let next = 2;
    const start = () => {
      const page = fetchPage(withPage(url, next++), stopped);
      // A later page may fail while an earlier one is awaited; its error is rethrown on its turn.
      page.catch(() => undefined);
      pending.push(page);
    };
    while (next <= totalPages && pending.length < concurrency) start();
    for (let head = pending.shift(); head !== undefined; head = pending.shift()) {
      const page = await head;
      if (next <= totalPages) start();
      yield page;
    }
  }

  async function* documents(query: ResultsQuery): AsyncGenerator<ResultDocument> {
    const period = Math.max(1, Math.ceil((now() - query.from) / DAY) + 1);
    // Stops the pages in flight when the reader stops early, a page fails, or the read's deadline
    // passes; the timer is held until the read ends, so it fires even while a request hangs.
    const stop = new AbortController();
    const deadline = setTimeout(
      () =>
        stop.abort(
          new SourceError(
            `the results API read from ${description} did not finish within ${duration(deadlineMs)} ` +
              `(http.deadlineMs; ${stats.commands} requests, ${stats.documentsReceived} documents so far): ` +
              'narrow it with --version, --installer or --period, or raise http.deadlineMs',
          ),
        ),
      deadlineMs,
    );
    let pagesPlanned = 0;
    try {
      for (const url of planQuery(endpoint.resultsUrl, query, period)) {
        const first = await fetchPage(url, stop.signal);
        pagesPlanned += first.totalPages;
        if (pagesPlanned > maxPages) throw tooManyPages(url, first.totalPages, pagesPlanned, maxPages);
        yield* counted(first.documents);
        for await (const page of laterPages(url, first.totalPages, stop.signal))
          yield* counted(page.documents);
      }
    } finally {
      clearTimeout(deadline);
      if (!stop.signal.aborted) stop.abort(new SourceError('the results API read was stopped'));
    }
  }

  function* counted(batch: ResultDocument[]): Generator<ResultDocument> {
    for (const document of batch) {
      stats.documentsReceived++;
      yield document;
    }
  }

  /** One request per (version, installer) named, each for a single document at any date (`last=1`). */
  async function holds(filter: PresenceFilter): Promise<boolean> {
    const stop = new AbortController();
    try {
      for (const url of presenceUrls(endpoint.resultsUrl, filter)) {
        if ((await fetchPage(url, stop.signal)).documents.length > 0) return true;
      }
      return false;
    } finally {
      stop.abort(new SourceError('the results API read was stopped'));
    }
  }

  return {
    description,
    documents,
    holds,
    stats: () => ({ ...stats }),
    close: async () => {},
  };
}

/** An API that announces more pages than any window of real results fills is refused before they are asked. */
function tooManyPages(url: URL, announced: number, planned: number, maxPages: number): SourceError {
  const asked = planned === announced ? '' : ` (${planned} with the queries before it)`;
  return new SourceError(
    `the results API announces ${announced} pages for ${redactUri(url.toString())}${asked}, ` +
      `more than http.maxPages (${maxPages}) allows: narrow the read with --version, --installer or ` +
      '--period, or raise http.maxPages if the API really holds that many results',
  );
}

/**
 * One URL per (test case, version, installer) asked for; an empty list means "any" and adds no
 * parameter. By test case rather than by project: a document without project_name is still found, and
 * the core matches it by its case name as it does from a file or MongoDB.
 */
function planQuery(resultsUrl: URL, query: ResultsQuery, period: number): URL[] {
  const each = (values: string[]) => (values.length === 0 ? [undefined] : [...new Set(values)]);
  const urls: URL[] = [];
  for (const testCase of each(query.testCases)) {
    for (const version of each(query.versions)) {
      for (const installer of each(query.installers)) {
        const url = new URL(resultsUrl);
        if (testCase !== undefined) url.searchParams.set('case', testCase);
        if (version !== undefined) url.searchParams.set('version', version);
        if (installer !== undefined) url.searchParams.set('installer', installer);
        url.searchParams.set('period', String(period));
        urls.push(url);
      }
    }
  }
  return urls;
}

function presenceUrls(resultsUrl: URL, filter: PresenceFilter): URL[] {
  const each = (values: string[]) => (values.length === 0 ? [undefined] : [...new Set(values)]);
  return each(filter.versions).flatMap((version) =>
    each(filter.installers).map((installer) => {
      const url = new URL(resultsUrl);
      if (version !== undefined) url.searchParams.set('version', version);
      if (installer !== undefined) url.searchParams.set('installer', installer);
      url.searchParams.set('last', '1');
      return url;
    }),
  );
}

/** `{base}/results`, credentials in the URL sent as Basic authentication instead. */
function endpointOf(baseUrl: string): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new ConfigError(`the source "${redactUri(baseUrl)}" is not a URL: use http(s)://host:port/api/v1`);
  }
  const { url, authorization } = splitCredentials(parsed);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/results`;
  url.hash = '';
  return { resultsUrl: url, headers };
}

function withPage(url: URL, page: number): URL {
  const paged = new URL(url);
  paged.searchParams.set('page', String(page));
  return paged;
}

function parsePage(body: Uint8Array, shown: string): Page {
  const text = new TextDecoder().decode(body);
  const invalid = firstInvalidUtf8(body, text);
  if (invalid >= 0) {
    throw new SourceError(
      `the results API sent bytes that are not UTF-8 for ${shown} at byte ${invalid} ` +
        `(${body.byteLength} bytes): JSON must be UTF-8; the page is refused rather than read with ` +
        'its names replaced',
    );
  }
  const start = JSON.stringify(text.slice(0, SHOWN_CHARACTERS));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SourceError(
      `the results API sent malformed JSON for ${shown}${byteOffset(error as Error, text)} ` +
        `(${body.byteLength} bytes starting ${start}): is the source URL the API's /api/v1 root?`,
    );
  }
  const page = value as { results?: unknown; pagination?: { total_pages?: unknown } } | null;
  if (page === null || typeof page !== 'object' || !Array.isArray(page.results)) {
    throw new SourceError(
      `the results API answer for ${shown} has no "results" list (it starts ${start}): ` +
        "is the source URL the API's /api/v1 root?",
    );
  }
  const totalPages = Number(page.pagination?.total_pages ?? 1);
  return {
    documents: page.results as ResultDocument[],
    totalPages: Number.isInteger(totalPages) && totalPages > 0 ? totalPages : 1,
  };
}

/**
 * The byte offset of the first byte that is not UTF-8, or -1. The lenient decoding put U+FFFD there;
 * one that the body really holds (bytes EF BF BD) is skipped.
 */
function firstInvalidUtf8(body: Uint8Array, text: string): number {
  // The decoder drops a leading byte order mark from the text, not from the body.
  let byte = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  let character = 0;
  for (let found = text.indexOf('\uFFFD'); found >= 0; found = text.indexOf('\uFFFD', found + 1)) {
    byte += Buffer.byteLength(text.slice(character, found));
    if (body[byte] !== 0xef || body[byte + 1] !== 0xbf || body[byte + 2] !== 0xbd) return byte;
    byte += 3;
    character = found + 1;
  }
  return -1;
}

/** JSON.parse names a character position for most errors; a person reading a dump wants the byte. */
function byteOffset(error: Error, text: string): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (position !== undefined) return ` at byte ${Buffer.byteLength(text.slice(0, Number(position)))}`;
  if (/end of JSON input/.test(error.message)) return ` at byte ${Buffer.byteLength(text)} (cut short)`;
  return '';
}

/** Node's fetch says only "fetch failed"; the cause holds ECONNREFUSED, ENOTFOUND, a reset socket… */
function connectionCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return redactText(String(detail));
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

function times(count: number): string {
  return count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`;
}
