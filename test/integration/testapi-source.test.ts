// The results-API source against a local stand-in server: pagination, few requests, retries, refusals.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/index.js';
import { SourceError, type ResultDocument } from '../../src/core/index.js';
import type { ResultsQuery } from '../../src/sources/index.js';
import { createTestApiSource } from '../../src/sources/testapi/index.js';
import { startResultsApiServer, type ResultsApiServer } from '../support/results-api-server.js';

const NOW = Date.parse('2016-07-15T00:00:00Z');
const noWait = async () => {};
let server: ResultsApiServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function documents(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    project_name: 'functest',
    case_name: 'vping_ssh',
    installer: i % 2 === 0 ? 'fuel' : 'apex',
    version: 'colorado',
    scenario: 'os-nosdn-nofeature-ha',
    criteria: 'PASS',
    start_date: new Date(NOW - (i % 9) * 86_400_000 - 3_600_000).toISOString(),
    n: i,
  }));
}

const query = (overrides: Partial<ResultsQuery> = {}): ResultsQuery => ({
  versions: ['colorado'],
  installers: [],
  projects: ['functest'],
  testCases: ['vping_ssh'],
  from: NOW - 10 * 86_400_000,
  to: NOW,
  maxRuns: 10,
  detailsPaths: [],
  groupByPod: false,
  ...overrides,
});

function source(url: string, http: Partial<typeof DEFAULT_CONFIG.http> = {}) {
  return createTestApiSource(
    url,
    { ...DEFAULT_CONFIG, http: { ...DEFAULT_CONFIG.http, ...http } },
    {
      sleep: noWait,
      now: () => NOW,
    },
  );
}

async function readAll(iterable: AsyncIterable<ResultDocument>): Promise<ResultDocument[]> {
  const all: ResultDocument[] = [];
  for await (const document of iterable) all.push(document);
  return all;
}

describe('results API source', () => {
  it('follows the pagination and asks once per project and version, not per test case', async () => {
    server = await startResultsApiServer({ documents: documents(250), pageSize: 100, now: NOW });
    const api = source(server.url);
    const received = await readAll(api.documents(query()));
    expect(received.map((d) => d.n)).toEqual(documents(250).map((d) => d.n));
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((url) => url.searchParams.get('page'))).toEqual([null, '2', '3']);
    expect(server.requests[0]?.searchParams.get('project')).toBe('functest');
    expect(server.requests[0]?.searchParams.get('version')).toBe('colorado');
    expect(api.stats()).toMatchObject({ commands: 3, documentsReceived: 250 });
  });

  it('keeps at most the configured number of requests in flight', async () => {
    server = await startResultsApiServer({ documents: documents(1000), pageSize: 50, now: NOW, delayMs: 20 });
    await readAll(source(server.url, { concurrency: 3 }).documents(query()));
    expect(server.requests).toHaveLength(20);
    expect(server.maxInFlight).toBe(3);
  });

  it('retries after 5xx answers and succeeds', async () => {
    server = await startResultsApiServer({ documents: documents(10), now: NOW });
    server.faults.push('error500', 'error500');
    const received = await readAll(source(server.url, { retries: 3 }).documents(query()));
    expect(received).toHaveLength(10);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the retries with a message naming the cause', async () => {
    server = await startResultsApiServer({ documents: documents(10), now: NOW });
    server.faults.push('error500', 'error500', 'error500');
    await expect(readAll(source(server.url, { retries: 2 }).documents(query()))).rejects.toThrow(
      /answered 500 3 times/,
    );
  });

  it('refuses a body that is not JSON', async () => {
    server = await startResultsApiServer({ documents: documents(10), now: NOW });
    server.faults.push('garbage');
    const read = readAll(source(server.url).documents(query()));
    await expect(read).rejects.toBeInstanceOf(SourceError);
    await expect(readAll(source(server.url).documents(query()))).resolves.toHaveLength(10);
  });

  it('names the body when it is not JSON', async () => {
    server = await startResultsApiServer({ documents: documents(10), now: NOW });
    server.faults.push('garbage');
    await expect(readAll(source(server.url).documents(query()))).rejects.toThrow(
      /malformed JSON.*proxy error/,
    );
  });

  it('times out an answer that never comes', async () => {
    server = await startResultsApiServer({ documents: documents(10), now: NOW });
    server.faults.push('hang', 'hang');
    await expect(
      readAll(source(server.url, { timeoutMs: 200, retries: 1 }).documents(query())),
    ).rejects.toThrow(/timed out after 200 ms 2 times/);
  });

  it('stops at once on a 404', async () => {
    server = await startResultsApiServer({ documents: documents(10), now: NOW });
    await expect(readAll(source(`${server.url}/nowhere`, { retries: 3 }).documents(query()))).rejects.toThrow(
      /answered 404/,
    );
    expect(server.requests).toHaveLength(1);
  });
});
