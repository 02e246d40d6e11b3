// http(s)://host/api/v1 — the results API's REST interface. The 2016 job asked it once per (version,
// installer, scenario, test case) and slept a second after each answer; this source asks once per
// (project, version, installer) for the whole window and follows `pagination.total_pages`, with later
// pages fetched in parallel up to a limit. The API's period filter is coarse (whole days): the core
// filters the window exactly.
import { SourceError, type ResultDocument } from '../../core/index.js';
import { redactText } from '../../config/index.js';
import type { ReportingConfig } from '../../config/types.js';
import type { ResultsQuery, ResultsSource, SourceStats } from '../types.js';

const DAY = 86_400_000;
const BACKOFF_MS = 200;

export interface TestApiOptions {
  /** Tests replace the wait between retries. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock, for the API's `period` (days back from now). */
  now?: () => number;
}

interface Page {
  documents: ResultDocument[];
  totalPages: number;
}

export function createTestApiSource(
  baseUrl: string,
  config: ReportingConfig,
  options: TestApiOptions = {},
): ResultsSource {
  const stats: SourceStats = { commands: 0, documentsReceived: 0, bytesReceived: 0 };
  const base = baseUrl.replace(/\/+$/, '');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const now = options.now ?? Date.now;
  const { timeoutMs, retries, concurrency } = config.http;

  async function fetchPage(url: URL): Promise<Page> {
    const shown = redactText(url.toString());
    let failure = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(BACKOFF_MS * 2 ** (attempt - 1));
      stats.commands++;
      let response: Response;
      let body: string;
      try {
        response = await fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: 'application/json' },
        });
        body = await response.text();
      } catch (error) {
        const name = (error as Error).name;
        failure =
          name === 'TimeoutError' || name === 'AbortError'
            ? `timed out after ${timeoutMs} ms`
            : `could not connect (${(error as Error).message})`;
        continue;
      }
      stats.bytesReceived += Buffer.byteLength(body);
      if (response.status >= 500) {
        failure = `answered ${response.status}`;
        continue;
      }
      if (!response.ok) {
        throw new SourceError(
          `the results API answered ${response.status} for ${shown}: check the URL and the query`,
        );
      }
      return parsePage(body, shown);
    }
    throw new SourceError(
      `the results API ${failure} ${retries + 1} times for ${shown}; nothing was written`,
    );
  }

  async function* documents(query: ResultsQuery): AsyncGenerator<ResultDocument> {
    // Whole days back from now, plus one for dates stored in another zone.
    const period = Math.max(1, Math.ceil((now() - query.from) / DAY) + 1);
    for (const url of planQuery(base, query, period)) {
      const first = await fetchPage(url);
      yield* count(first.documents);
      const pages = Array.from({ length: Math.max(0, first.totalPages - 1) }, (_, i) => i + 2);
      for (let i = 0; i < pages.length; i += concurrency) {
        const batch = await Promise.all(
          pages.slice(i, i + concurrency).map((page) => {
            const next = new URL(url);
            next.searchParams.set('page', String(page));
            return fetchPage(next);
          }),
        );
        for (const page of batch) yield* count(page.documents);
      }
    }
  }

  function* count(batch: ResultDocument[]): Generator<ResultDocument> {
    for (const document of batch) {
      stats.documentsReceived++;
      yield document;
    }
  }

  return {
    description: redactText(base),
    documents,
    stats: () => ({ ...stats }),
    close: async () => {},
  };
}

/** One URL per (project, version, installer) asked for; an empty list means "any" and adds no parameter. */
export function planQuery(base: string, query: ResultsQuery, period: number): URL[] {
  const all = (values: string[]) => (values.length === 0 ? [undefined] : values);
  const urls: URL[] = [];
  for (const project of all(query.projects)) {
    for (const version of all(query.versions)) {
      for (const installer of all(query.installers)) {
        const url = new URL(`${base}/results`);
        if (project !== undefined) url.searchParams.set('project', project);
        if (version !== undefined) url.searchParams.set('version', version);
        if (installer !== undefined) url.searchParams.set('installer', installer);
        url.searchParams.set('period', String(period));
        urls.push(url);
      }
    }
  }
  return urls;
}

function parsePage(body: string, shown: string): Page {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new SourceError(
      `the results API sent malformed JSON for ${shown} (${(error as Error).message}; it starts with ` +
        `${JSON.stringify(body.slice(0, 60))})`,
    );
  }
  const page = value as { results?: unknown; pagination?: { total_pages?: unknown } } | null;
  if (page === null || typeof page !== 'object' || !Array.isArray(page.results)) {
    throw new SourceError(`the results API answer for ${shown} has no "results" list`);
  }
  const totalPages = Number(page.pagination?.total_pages ?? 1);
  return {
    documents: page.results as ResultDocument[],
    totalPages: Number.isInteger(totalPages) && totalPages > 0 ? totalPages : 1,
  };
}
