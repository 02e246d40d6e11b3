// The results API failing while the job reads it: 500s, garbage, silence. Exit 1, the cause named,
// the previous site and state untouched.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startResultsApiServer, type ResultsApiServer } from '../support/results-api-server.js';
import { cli, fileHashes, generateArgs, sample } from '../support/cli.js';

const AS_OF = '2016-07-14T23:59:59Z';
let work: string;
let api: ResultsApiServer;

beforeAll(async () => {
  const documents = (await readFile(sample, 'utf8')).split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
  api = await startResultsApiServer({ documents, pageSize: 100, now: Date.parse(AS_OF) });
});

afterAll(async () => {
  await api.close();
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-api-faults-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const args = (source: string, asOf = AS_OF) => generateArgs(source, asOf, join(work, 'out'));

const snapshot = () => fileHashes(work);

describe('results API faults', () => {
  it.each([
    ['answering 500', ['error500', 'error500'], '10000', /answered 500 twice/],
    ['sending garbage', ['garbage'], '10000', /malformed JSON/],
    ['timing out', ['hang', 'hang'], '500', /timed out after 500 ms twice/],
  ] as const)('%s: exit 1, names the cause, changes nothing', async (_name, faults, timeoutMs, message) => {
    expect(
      spawnSync(process.execPath, [cli, ...args(`file:${sample}`, '2016-07-13')], { cwd: work }).status,
    ).toBe(0);
    const before = await snapshot();
    api.faults.splice(0, api.faults.length, ...faults);
    // Async: the server in this process must be free to answer the child.
    const child = spawn(process.execPath, [cli, ...args(api.url)], {
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '',
        SCENARIO_REPORT_HTTP_RETRIES: '1',
        SCENARIO_REPORT_HTTP_TIMEOUT_MS: timeoutMs,
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });
});
