// The results API failing while the job reads it: 500s, garbage, silence. Exit 1, the cause named,
// the previous site and state untouched.
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startResultsApiServer, type ResultsApiServer } from '../support/results-api-server.js';
import { cli, fileHashes, generateArgs, root, sample } from '../support/cli.js';

const AS_OF = '2016-07-14T23:59:59Z';
let work: string;
/** A clean day's site and state, made once and copied before each fault. */
let template: string;
let documents: Record<string, unknown>[];
let api: ResultsApiServer | undefined;

beforeAll(async () => {
  template = await mkdtemp(join(tmpdir(), 'scenario-report-api-faults-template-'));
  expect(
    spawnSync(
      process.execPath,
      [cli, ...generateArgs(`file:${sample}`, '2016-07-13', join(template, 'out'))],
      {
        cwd: template,
      },
    ).status,
  ).toBe(0);
  documents = (await readFile(sample, 'utf8')).split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
});

afterAll(async () => {
  await rm(template, { recursive: true, force: true });
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-api-faults-'));
  // verbatimSymlinks: the copy's `current` link points into the copy, as in the template.
  await cp(template, work, { recursive: true, verbatimSymlinks: true });
});

afterEach(async () => {
  await api?.close();
  api = undefined;
  await rm(work, { recursive: true, force: true });
});

const args = (source: string) => generateArgs(source, AS_OF, join(work, 'out'));

const snapshot = () => fileHashes(work);

type ServerOptions = Omit<Parameters<typeof startResultsApiServer>[0], 'documents' | 'now'>;

describe('results API faults', () => {
  it.each([
    ['answering 500', { faults: ['error500', 'error500'] }, {}, /answered 500 twice/],
    ['sending garbage', { faults: ['garbage'] }, {}, /malformed JSON/],
    ['staying silent', { faults: ['hang', 'hang'] }, {}, /timed out after 500 ms twice/],
    [
      'trickling a body that never ends',
      { faults: ['trickle', 'trickle'] },
      {},
      /timed out after 500 ms twice/,
    ],
    ['announcing a 2 GiB page', { faults: ['huge'] }, {}, /sent more than 64 MiB for one page/],
    [
      // 64 MiB take longer than the silent cases' 500 ms on a busy machine: a timeout is not the cause here.
      'streaming a 2 GiB page',
      { faults: ['hugeChunked'] },
      { SCENARIO_REPORT_HTTP_TIMEOUT_MS: '60000' },
      /sent more than 64 MiB for one page/,
    ],
    [
      'sending bytes that are not UTF-8',
      { faults: ['notUtf8'] },
      {},
      /sent bytes that are not UTF-8 .* at byte 64/,
    ],
    ['paginating forever', { totalPages: 1e9 }, {}, /announces 1000000000 pages .* http\.maxPages \(10000\)/],
    [
      'paginating slowly past the deadline',
      { totalPages: 10_000, delayMs: 20 },
      { SCENARIO_REPORT_HTTP_DEADLINE_MS: '1500' },
      /did not finish within 1\.5 s \(http\.deadlineMs/,
    ],
  ] as [string, ServerOptions, Record<string, string>, RegExp][])(
    '%s: exit 1, names the cause, changes nothing',
    async (_name, serverOptions, env, message) => {
      const before = await snapshot();
      api = await startResultsApiServer({
        documents,
        pageSize: 100,
        now: Date.parse(AS_OF),
        ...serverOptions,
      });
      // Async: the server in this process must be free to answer the child.
      const child = spawn(process.execPath, [cli, ...args(api.url)], {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          SCENARIO_REPORT_HTTP_RETRIES: '1',
          SCENARIO_REPORT_HTTP_TIMEOUT_MS: '500',
          ...env,
        },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((done) => child.on('close', done));
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe('schedule against a results API that never answers', () => {
  it('ends each run at its deadline and goes on to the next tick', async () => {
    const before = await snapshot();
    api = await startResultsApiServer({ documents, now: Date.parse(AS_OF), faultFor: () => 'hang' });
    const child = spawn(
      process.execPath,
      [
        cli,
        'schedule',
        '--cron',
        '* * * * * *',
        '--run-now',
        '--source',
        api.url,
        '--criteria',
        join(root, 'criteria'),
        '--out',
        join(work, 'out'),
      ],
      {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          SCENARIO_REPORT_HTTP_TIMEOUT_MS: '600000',
          SCENARIO_REPORT_HTTP_DEADLINE_MS: '1000',
        },
      },
    );
    let stderr = '';
    // Two failed runs: the first ended by its deadline did not keep the schedule from starting another.
    await new Promise<void>((done) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if ((stderr.match(/run\.failed/g) ?? []).length >= 2) done();
      }),
    );
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stderr).toMatch(/run\.failed .*did not finish within 1 s \(http\.deadlineMs/);
    expect(stderr).toMatch(/run\.failed[\s\S]*run\.started[\s\S]*run\.failed/);
    expect(await snapshot()).toEqual(before);
  });
});
