// Faults while the job runs: a source that dies, a disk that fills up, an output folder it may not
// write, a process killed mid-run. Each must end with exit 1 (or a dead process), a message that
// names the cause, and the previous site and state exactly as they were (or, after a kill, one whole
// site and a state that loads).
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EJSON } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadState } from '../../src/state/index.js';
import { startMongoWireServer, type MongoWireServer } from '../support/mongo-wire-server.js';
import { cli, fileHashes, generateArgs, sample } from '../support/cli.js';
import { sitePath } from '../support/site.js';

const AS_OF = '2016-07-14T23:59:59Z';
let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-faults-'));
  // Readable by an unprivileged user too (the read-only output test runs the job as one).
  await chmod(work, 0o755);
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const out = () => join(work, 'out');

const args = (source: string, asOf = AS_OF) => generateArgs(source, asOf, out());

/** Async, so servers running in this test process (results API, MongoDB) can answer the child. */
async function runAsync(argv: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...argv], {
    cwd: work,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stderr };
}

function scenarioReport(argv: string[], env: Record<string, string> = {}, wrap: string[] = []) {
  const command = wrap.length > 0 ? wrap[0]! : process.execPath;
  const commandArgs = wrap.length > 0 ? [...wrap.slice(1), process.execPath, cli, ...argv] : [cli, ...argv];
  const result = spawnSync(command, commandArgs, {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { code: result.status, signal: result.signal, stderr: result.stderr, stdout: result.stdout };
}

/** Every file under the work folder (site, state, backups, leftovers) → sha256. */
const snapshot = () => fileHashes(work, (path) => path.endsWith('.ndjson') || path.endsWith('.json.input'));

/** A previous successful run: its site and state are what every fault must leave alone. */
async function previousRun(): Promise<Record<string, string>> {
  const first = scenarioReport(args(`file:${sample}`, '2016-07-13T23:59:59Z'));
  expect(first.code).toBe(0);
  return snapshot();
}

describe('a source that dies', () => {
  it('truncated file: exit 1, names the truncation, changes nothing', async () => {
    const before = await previousRun();
    const text = await readFile(sample, 'utf8');
    await writeFile(join(work, 'cut.ndjson'), text.slice(0, Math.floor(text.length / 2)));
    const result = scenarioReport(args(`file:${join(work, 'cut.ndjson')}`));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/truncated/);
    expect(await snapshot()).toEqual(before);
  });

  describe('MongoDB', () => {
    let wire: MongoWireServer;
    let client: MongoClient;
    beforeAll(async () => {
      wire = await startMongoWireServer();
      client = new MongoClient(wire.uri);
      const lines = (await readFile(sample, 'utf8')).split('\n');
      const documents = lines.flatMap((line) => {
        try {
          return [EJSON.parse(line, { relaxed: false }) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
      await client.db('test_results_collection').collection('results').insertMany(documents);
    });
    afterAll(async () => {
      await client.close();
      await wire.close();
    });

    it('connection dropped during a getMore: exit 1, names the cause, changes nothing', async () => {
      const before = await previousRun();
      wire.dropNextGetMore();
      const result = await runAsync(args(wire.uri));
      expect(wire.commands).toContain('getMore');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/connection to MongoDB .* was lost/);
      expect(await snapshot()).toEqual(before);
    });
  });
});

describe('a disk that cannot take the output', () => {
  it('disk full (file size limit): exit 1, names the write, changes nothing, leaves no temporary files', async () => {
    const before = await previousRun();
    // RLIMIT_FSIZE makes every write past 64 KiB fail with EFBIG, as a full disk fails with ENOSPC;
    // the signal it would also send is ignored, so the process sees the error.
    const result = scenarioReport(args(`file:${sample}`), {}, [
      'bash',
      '-c',
      'trap "" XFSZ; ulimit -f 64; exec "$@"',
      'limited',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not write the site/);
    expect(await snapshot()).toEqual(before);
  });

  it('disk full with the state outside --out: its new copy is dropped, the old one stays', async () => {
    const state = ['--state', join(work, 'state', 'state.json')];
    expect(scenarioReport([...args(`file:${sample}`, '2016-07-13T23:59:59Z'), ...state]).code).toBe(0);
    const before = await snapshot();
    const result = scenarioReport([...args(`file:${sample}`), ...state], {}, [
      'bash',
      '-c',
      'trap "" XFSZ; ulimit -f 64; exec "$@"',
      'limited',
    ]);
    expect(result.code).toBe(1);
    expect(await snapshot()).toEqual(before);
  });

  it('read-only output folder: exit 1, names the folder, changes nothing', async () => {
    const before = await previousRun();
    // root ignores file modes, so the job runs as an unprivileged user when the tests run as root.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) await chmod(out(), 0o555);
    const result = scenarioReport(
      args(`file:${sample}`),
      {},
      asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [],
    );
    if (!asRoot) await chmod(out(), 0o755);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EACCES|permission denied/i);
    expect(result.stderr).toContain(out());
    expect(await snapshot()).toEqual(before);
  });
});

describe('a process killed in the middle of a run', () => {
  /** Many scenarios, so reading and writing take long enough to be interrupted at different points. */
  async function bigResults(): Promise<string> {
    const lines: string[] = [];
    for (let scenario = 0; scenario < 400; scenario++) {
      for (let day = 5; day <= 14; day++) {
        for (const caseName of ['healthcheck', 'vping_ssh', 'vping_userdata', 'tempest_smoke_serial']) {
          lines.push(
            JSON.stringify({
              project_name: 'functest',
              case_name: caseName,
              installer: ['apex', 'fuel'][scenario % 2],
              version: 'colorado',
              scenario: `os-scenario-${scenario}`,
              criteria: (scenario + day) % 7 === 0 ? 'FAIL' : 'PASS',
              start_date: `2016-07-${String(day).padStart(2, '0')} 06:00:00`,
              details: { success_rate: 100 },
            }),
          );
        }
      }
    }
    const path = join(work, 'big.ndjson');
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  }

  /** One whole site: every page from the same run (same "as of" and "generated" lines as status.json). */
  async function expectOneWholeSite() {
    const site = sitePath(out());
    const status = JSON.parse(await readFile(join(site, 'status.json'), 'utf8'));
    const asOf = status.asOf.slice(0, 16).replace('T', ' ');
    const stamps = new Set<string>();
    const pages = (await readdir(site, { recursive: true, withFileTypes: true })).filter((e) =>
      e.name.endsWith('.html'),
    );
    for (const page of pages) {
      const html = await readFile(join(page.parentPath, page.name), 'utf8');
      expect(html).toContain(`<dt>As of</dt><dd>${asOf} UTC</dd>`);
      stamps.add(/<dt>Generated<\/dt><dd>([^<]*)<\/dd>/.exec(html)?.[1] ?? '');
    }
    expect(stamps.size).toBe(1);
    return status.asOf as string;
  }

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    '%s at any moment leaves one whole site and a state that loads',
    async (signal) => {
      const big = await bigResults();
      expect(scenarioReport(args(`file:${big}`, '2016-07-13T23:59:59Z')).code).toBe(0);
      const seen = new Set<string>();
      for (const delay of [50, 150, 300, 450, 600, 800, 1100]) {
        const child = spawn(
          process.execPath,
          [cli, ...args(`file:${big}`, delay % 100 === 0 ? AS_OF : '2016-07-13T23:59:59Z')],
          { cwd: work },
        );
        // Listened to from the start: a run that ends before the signal must not be waited for forever.
        const closed = new Promise((done) => child.on('close', done));
        await new Promise((done) => setTimeout(done, delay));
        child.kill(signal);
        await closed;
        await loadState(join(out(), 'state.json'));
        seen.add(await expectOneWholeSite());
      }
      // The next run cleans what the killed ones left and completes.
      const next = scenarioReport(args(`file:${big}`));
      expect(next.code).toBe(0);
      expect(await expectOneWholeSite()).toBe(AS_OF);
      expect((await readdir(work)).sort()).toEqual(['big.ndjson', 'out']);
      expect((await readdir(join(out(), 'releases'))).length).toBeLessThanOrEqual(2);
      expect(seen.size).toBeGreaterThan(0);
    },
    // Seven killed runs and a complete one: slow on a busy two-core machine.
    180_000,
  );
});
