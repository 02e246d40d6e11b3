// The results-API source against a local stand-in server: the query plan, pagination, bounded
// concurrency, retries with backoff, and the refusals a person can act on.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/index.js';
import { SourceError, type ResultDocument, type SourceItem } from '../../src/core/index.js';
import { resultDocument } from '../support/builders.js';
import { plainItem } from '../support/source-items.js';
import type { ResultsQuery } from '../../src/sources/index.js';
import { createTestApiSource } from '../../src/sources/testapi/index.js';
import {
  HUGE_BODY_BYTES,
  startResultsApiServer,
  type ResultsApiServer,
} from '../support/results-api-server.js';

const DAY = 86_400_000;
const NOW = Date.parse('2016-07-15T00:00:00Z');
let server: ResultsApiServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function result(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return resultDocument({
    pod_name: undefined,
    start_date: new Date(NOW - (n % 9) * DAY - 3_600_000).toISOString(),
    n,
    ...overrides,
  });
}

const results = (count: number) => Array.from({ length: count }, (_, n) => result(n));

const query = (overrides: Partial<ResultsQuery> = {}): ResultsQuery => ({
  versions: ['colorado'],
  installers: [],
  projects: ['functest'],
  testCases: ['vping_ssh'],
  testCaseKeys: [{ project: 'functest', name: 'vping_ssh' }],
  from: NOW - 10 * DAY,
  to: NOW,
  maxRuns: 4,
  detailsPaths: [],
  groupByPod: false,
  ...overrides,
});

async function serve(
  documents: Record<string, unknown>[],
  options: Omit<Parameters<typeof startResultsApiServer>[0], 'documents' | 'now'> = {},
): Promise<ResultsApiServer> {
  server = await startResultsApiServer({ documents, now: NOW, ...options });
  return server;
}

function source(url: string, http: Partial<typeof DEFAULT_CONFIG.http> = {}, waits: number[] = []) {
  return createTestApiSource(
    url,
    { ...DEFAULT_CONFIG, http: { ...DEFAULT_CONFIG.http, ...http } },
    {
      sleep: async (ms) => {
        waits.push(ms);
      },
      now: () => NOW,
    },
  );
}

async function readAll(iterable: AsyncIterable<SourceItem>): Promise<ResultDocument[]> {
  const all: ResultDocument[] = [];
  for await (const document of iterable) all.push(plainItem(document));
  return all;
}

/** Polls a condition the server reaches on its own time; fails after a bound instead of hanging. */
async function until(condition: () => boolean, bound = 2000): Promise<void> {
  const deadline = Date.now() + bound;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((done) => setImmediate(done));
  }
}

const numbers = (documents: readonly Record<string, unknown>[]) => documents.map((d) => d.n).sort();

describe('results API source: query plan', () => {
  it('follows the pagination through every page', async () => {
    const api = await serve(results(250), { pageSize: 100 });
    const received = await readAll(source(api.url).documents(query()));
    expect(numbers(received)).toEqual(numbers(results(250)));
    expect(api.requests.map((url) => url.searchParams.get('page'))).toEqual([null, '2', '3']);
  });

  it('tells its trace (--verbose) of every page received, with its documents', async () => {
    const api = await serve(results(250), { pageSize: 100 });
    const pages: Record<string, unknown>[] = [];
    const traced = createTestApiSource(api.url, DEFAULT_CONFIG, {
      now: () => NOW,
      trace: (event, fields) => pages.push({ event, ...fields }),
    });
    await readAll(traced.documents(query()));
    expect(pages.map(({ event, documents, attempts }) => [event, documents, attempts])).toEqual([
      ['source.page', 100, 1],
      ['source.page', 100, 1],
      ['source.page', 50, 1],
    ]);
  });

  it('asks once per project, version and installer, never per scenario or test case', async () => {
    const documents = ['functest', 'yardstick'].flatMap((project_name) =>
      ['colorado', 'master'].flatMap((version) =>
        ['fuel', 'apex'].flatMap((installer) =>
          ['os-nosdn-nofeature-ha', 'os-odl_l2-nofeature-ha'].flatMap((scenario) =>
            ['vping_ssh', 'tempest_smoke'].map((case_name, n) =>
              result(n, { project_name, version, installer, scenario, case_name }),
            ),
          ),
        ),
      ),
    );
    const api = await serve(documents);
    const received = await readAll(
      source(api.url).documents(
        query({
          projects: ['functest', 'yardstick'],
          versions: ['colorado', 'master'],
          installers: ['fuel', 'apex'],
          testCases: ['vping_ssh', 'tempest_smoke'],
        }),
      ),
    );
    expect(received).toHaveLength(32);
    expect(api.requests).toHaveLength(8);
    const asked = api.requests.flatMap((url) => [...url.searchParams.keys()]);
    expect(new Set(asked)).toEqual(new Set(['case', 'version', 'installer', 'period']));
  });

  it('leaves out the version and installer when none are asked for', async () => {
    const api = await serve([result(0), result(1, { version: 'master', installer: 'apex' })]);
    const received = await readAll(source(api.url).documents(query({ versions: [], installers: [] })));
    expect(received).toHaveLength(2);
    expect([...(api.requests[0]?.searchParams.keys() ?? [])].sort()).toEqual(['case', 'period']);
  });

  it('asks for whole days back to the window start, plus one for the zone', async () => {
    const api = await serve(results(3));
    await readAll(source(api.url).documents(query({ from: NOW - 10 * DAY - 1 })));
    expect(api.requests[0]?.searchParams.get('period')).toBe('12');
  });

  it('passes documents through unchanged, even ones the core will reject', async () => {
    const odd = {
      case_name: 'vping_ssh',
      version: 'colorado',
      start_date: 'yesterday',
      details: { x: [1] },
    };
    const api = await serve([odd]);
    await expect(readAll(source(api.url).documents(query()))).resolves.toEqual([odd]);
  });

  it('counts requests, documents and body bytes', async () => {
    const api = await serve(results(30), { pageSize: 10 });
    const testApi = source(api.url);
    await readAll(testApi.documents(query()));
    expect(testApi.stats()).toEqual({ commands: 3, documentsReceived: 30, bytesReceived: api.bytesSent });
  });
});

describe('results API source: concurrency', () => {
  it('keeps at most http.concurrency requests in flight', async () => {
    const api = await serve(results(1000), { pageSize: 50, delayMs: 20 });
    const received = await readAll(source(api.url, { concurrency: 3 }).documents(query()));
    expect(received).toHaveLength(1000);
    expect(api.requests).toHaveLength(20);
    expect(api.maxInFlight).toBe(3);
  });

  it('yields the pages in order whatever order they arrive in', async () => {
    const slowSecondPage = (url: URL) => (url.searchParams.get('page') === '2' ? 50 : 0);
    const api = await serve(results(40), { pageSize: 10, delayMs: slowSecondPage });
    const received = await readAll(source(api.url, { concurrency: 4 }).documents(query()));
    expect(received.map((d) => d.start_date)).toEqual(
      [...received.map((d) => d.start_date as string)].sort().reverse(),
    );
  });

  it('abandons the pages in flight when the reader stops', async () => {
    const laterPagesHang = (url: URL) =>
      Number(url.searchParams.get('page') ?? 1) >= 3 ? 'hang' : undefined;
    const api = await serve(results(40), { pageSize: 10, faultFor: laterPagesHang });
    const received: ResultDocument[] = [];
    for await (const document of source(api.url, { concurrency: 2 }).documents(query())) {
      if (received.push(plainItem(document)) === 11) break;
    }
    await until(() => api.abandoned === 2);
    expect(api.requests.map((url) => url.searchParams.get('page'))).toEqual([null, '2', '3', '4']);
  });
});

describe('results API source: retries', () => {
  it('retries after 5xx answers and succeeds', async () => {
    const api = await serve(results(10), { faults: ['error500', 'error500'] });
    const received = await readAll(source(api.url, { retries: 3 }).documents(query()));
    expect(received).toHaveLength(10);
    expect(api.requests).toHaveLength(3);
  });

  it('waits 200 ms, then twice as long after each failed attempt', async () => {
    const api = await serve(results(10), { faults: ['error500', 'error500', 'error500'] });
    const waits: number[] = [];
    await readAll(source(api.url, { retries: 3 }, waits).documents(query()));
    expect(waits).toEqual([200, 400, 800]);
  });

  it('retries a dropped connection', async () => {
    const api = await serve(results(10), { faults: ['drop'] });
    await expect(readAll(source(api.url).documents(query()))).resolves.toHaveLength(10);
  });

  it('gives up after the retries, naming the answer and the URL', async () => {
    const api = await serve(results(10), { faults: ['error500', 'error500', 'error500'] });
    const read = readAll(source(api.url, { retries: 2 }).documents(query()));
    await expect(read).rejects.toThrow(SourceError);
    await expect(read).rejects.toThrow(
      /answered 500 3 times for http:\/\/127\.0\.0\.1:\d+\/api\/v1\/results\?/,
    );
  });

  it('times out an answer that never comes', async () => {
    const api = await serve(results(10), { faults: ['hang', 'hang'] });
    await expect(readAll(source(api.url, { timeoutMs: 200, retries: 1 }).documents(query()))).rejects.toThrow(
      /timed out after 200 ms twice/,
    );
  });

  it('gives up on a server that is not there', async () => {
    const api = await serve([]);
    await api.close();
    server = undefined;
    const waits: number[] = [];
    await expect(readAll(source(api.url, { retries: 1 }, waits).documents(query()))).rejects.toThrow(
      /could not be reached \(ECONNREFUSED\) twice/,
    );
    expect(waits).toEqual([200]);
  });
});

describe('results API source: refusals', () => {
  it('stops at once on a 404', async () => {
    const api = await serve(results(10));
    const waits: number[] = [];
    await expect(
      readAll(source(`${api.url}/nowhere`, { retries: 3 }, waits).documents(query())),
    ).rejects.toThrow(/answered 404 Not Found/);
    expect(api.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('refuses a body that is not JSON, showing how it starts', async () => {
    const api = await serve(results(10), { faults: ['garbage'] });
    const read = readAll(source(api.url).documents(query()));
    await expect(read).rejects.toThrow(SourceError);
    await expect(read).rejects.toThrow(/malformed JSON for http:.*"<html>proxy error<\/html>"/);
  });

  it('refuses JSON without a results list', async () => {
    const api = await serve(results(10), { faults: ['noResults'] });
    const read = readAll(source(api.url).documents(query()));
    await expect(read).rejects.toThrow(SourceError);
    await expect(read).rejects.toThrow(/no "results" list .*"\{\\"message\\": \\"use \/api\/v1\\"\}"/);
  });
});

describe('results API source: bounds', () => {
  it('times out a body that trickles: the timeout covers the whole body, not each byte', async () => {
    const api = await serve(results(10), { faults: ['trickle', 'trickle'] });
    const read = readAll(source(api.url, { timeoutMs: 300, retries: 1 }).documents(query()));
    await expect(read).rejects.toThrow(/timed out after 300 ms twice .*connect, headers and the whole body/);
    await until(() => api.abandoned === 2);
  });

  it('refuses a page announced larger than 64 MiB without reading it, and does not ask again', async () => {
    const api = await serve(results(10), { faults: ['huge'] });
    const testApi = source(api.url, { retries: 3 });
    await expect(readAll(testApi.documents(query()))).rejects.toThrow(
      /more than 64 MiB for one page \(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/results\?/,
    );
    expect(api.requests).toHaveLength(1);
    expect(testApi.stats().bytesReceived).toBeLessThan(64 * 1024 ** 2);
  });

  it('stops reading a page of unannounced length at 64 MiB', async () => {
    const api = await serve(results(10), { faults: ['hugeChunked'] });
    const testApi = source(api.url);
    await expect(readAll(testApi.documents(query()))).rejects.toThrow(/more than 64 MiB for one page/);
    const received = testApi.stats().bytesReceived;
    expect(received).toBeGreaterThan(64 * 1024 ** 2);
    expect(received).toBeLessThan(HUGE_BODY_BYTES / 16);
  });

  it('refuses bytes that are not UTF-8, naming the byte, instead of replacing them', async () => {
    const api = await serve(results(10), { faults: ['notUtf8'] });
    await expect(readAll(source(api.url).documents(query()))).rejects.toThrow(
      /sent bytes that are not UTF-8 for http:.* at byte 64 \(71 bytes\)/,
    );
  });

  it('accepts a replacement character the page really holds', async () => {
    const api = await serve([result(1, { installer: '\uFFFD', scenario: '\uFEFFx\uFFFD' })]);
    const received = await readAll(source(api.url).documents(query()));
    expect(received.map((document) => [document.installer, document.scenario])).toEqual([
      ['\uFFFD', '\uFEFFx\uFFFD'],
    ]);
  });

  it('refuses a server that announces endless pages before asking for the second', async () => {
    const api = await serve(results(10), { totalPages: 1e9 });
    await expect(readAll(source(api.url).documents(query()))).rejects.toThrow(
      /announces 1000000000 pages for .* more than http\.maxPages \(10000\)/,
    );
    expect(api.requests).toHaveLength(1);
  });

  it('counts the pages of every query against http.maxPages', async () => {
    const api = await serve(results(10), { totalPages: 3 });
    await expect(
      readAll(source(api.url, { maxPages: 5 }).documents(query({ versions: ['colorado', 'master'] }))),
    ).rejects.toThrow(/announces 3 pages for .*version=master.* \(6 with the queries before it\)/);
  });

  it('ends the whole read at http.deadlineMs, however each request fares', async () => {
    const api = await serve(results(10), { totalPages: 500, delayMs: 20 });
    const read = readAll(source(api.url, { deadlineMs: 300, concurrency: 1 }).documents(query()));
    await expect(read).rejects.toThrow(SourceError);
    await expect(read).rejects.toThrow(
      /read from http:\/\/127\.0\.0\.1:\d+\/api\/v1 did not finish within 300 ms \(http\.deadlineMs; \d+ requests/,
    );
  });

  it('ends the read at its deadline while a request and its retries still have time', async () => {
    const api = await serve(results(10), { faults: ['hang', 'hang', 'hang'] });
    await expect(
      readAll(source(api.url, { timeoutMs: 60_000, retries: 2, deadlineMs: 300 }).documents(query())),
    ).rejects.toThrow(/did not finish within 300 ms/);
    await until(() => api.abandoned === 1);
  });
});

describe('results API source: credentials', () => {
  it('sends credentials in the URL as Basic authentication and never shows them', async () => {
    const api = await serve([], { faults: ['error500'] });
    const url = api.url.replace('http://', 'http://reporter:s3cret@') + '?token=t0ken';
    const testApi = source(url, { retries: 0 });
    const failure = await readAll(testApi.documents(query())).catch((error: Error) => error);
    expect(api.headers[0]?.authorization).toBe(`Basic ${Buffer.from('reporter:s3cret').toString('base64')}`);
    expect(api.requests[0]?.searchParams.get('token')).toBe('t0ken');
    expect(String(failure)).toMatch(/answered 500 once/);
    expect(`${testApi.description} ${String(failure)}`).not.toMatch(/s3cret|t0ken/);
  });
});
