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
import { redactUri, splitCredentials } from '../../config/index.js';
import type { ReportingConfig } from '../../config/types.js';
import type { PresenceFilter, ResultsQuery, ResultsSource, SourceStats, SourceTrace } from '../types.js';
import { createPageReader, duration, type Endpoint, type PageReader } from './pages.js';

const DAY = 86_400_000;

export interface TestApiOptions {
  /** Tests replace the wait between attempts; the signal ends the wait early when the read stops. */
  sleep?: (ms: number, stopped: AbortSignal) => Promise<void>;
  /** The clock, for the API's `period` (days back from the API's now). */
  now?: () => number;
  /** Told of every page received (--verbose). */
  trace?: SourceTrace;
}

export function createTestApiSource(
  baseUrl: string,
  config: ReportingConfig,
  options: TestApiOptions = {},
): ResultsSource {
  const endpoint = endpointOf(baseUrl);
  const description = redactUri(baseUrl.replace(/\/+$/, ''));
  const stats: SourceStats = { commands: 0, documentsReceived: 0, bytesReceived: 0 };
  const now = options.now ?? Date.now;
  const { maxPages, deadlineMs } = config.http;
  const { fetchPage, laterPages } = createPageReader(endpoint, stats, {
    ...config.http,
    sleep: options.sleep ?? ((ms: number, stopped: AbortSignal) => delay(ms, undefined, { signal: stopped })),
    ...(options.trace ? { trace: options.trace } : {}),
  });

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

  return {
    description,
    documents,
    holds: (filter) => holdsAny(filter, endpoint, fetchPage),
    stats: () => ({ ...stats }),
    close: async () => {},
  };
}

/** One request per (version, installer) named, each for a single document at any date (`last=1`). */
async function holdsAny(
  filter: PresenceFilter,
  endpoint: Endpoint,
  fetchPage: PageReader['fetchPage'],
): Promise<boolean> {
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
