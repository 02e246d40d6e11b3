// The state file on disk: reading it, refusals that leave the file untouched, migration, the lock. Its
// writing is the commit of pages and state (test/faults/crash-consistency.test.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateError, emptyState, recordVerdict, type ReportState } from '../../src/core/index.js';
import { acquireStateLock, loadState, lockPathsFor, serialiseState } from '../../src/state/index.js';
import { cli, root } from '../support/cli.js';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scenario-report-state-'));
  path = join(dir, 'state.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function stateWith(score: number): ReportState {
  return recordVerdict(
    emptyState(),
    {
      asOf: Date.parse('2016-07-10T23:59:59Z'),
      periodDays: 10,
      rule: 'documented',
      versions: [
        {
          version: 'colorado',
          installers: [
            {
              installer: 'fuel',
              scenarios: [
                {
                  scenario: 'os-nosdn-nofeature-ha',
                  score,
                  max: 3,
                  percent: (score / 3) * 100,
                  status: score === 3 ? 'OK' : 'KO',
                  validated: score === 3,
                  pending: false,
                  stale: false,
                  missing: [],
                  runCount: 4,
                  builds: 4,
                  newestRunAt: null,
                  lastBuildTag: null,
                  tests: [],
                },
              ],
            },
          ],
        },
      ],
    },
    { day: '2016-07-10', retentionDays: 400, lastRun: null },
  );
}

describe('loadState and serialiseState', () => {
  it('starts empty when there is no file', async () => {
    expect(await loadState(path)).toEqual(emptyState());
  });

  it('round-trips, and writes the same bytes for the same state', async () => {
    await writeFile(path, serialiseState(stateWith(3)));
    expect(await loadState(path)).toEqual(stateWith(3));
    expect(serialiseState(await loadState(path))).toBe(await readFile(path, 'utf8'));
  });

  it.each([
    ['corrupt JSON', '{"schemaVersion": 2, "history": {', /corrupt/],
    ['a wrong shape', '{"schemaVersion": 2, "history": []}', /corrupt/],
    ['a newer schema', '{"schemaVersion": 9}', /newer scenario-report/],
  ])('refuses %s with a message and leaves the file untouched', async (_name, text, message) => {
    await writeFile(path, text);
    await expect(loadState(path)).rejects.toThrow(message);
    await expect(loadState(path)).rejects.toBeInstanceOf(StateError);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('refuses an unreadable file', async () => {
    // A directory where the file should be: unreadable as a file even for root, which ignores chmod.
    await mkdir(path);
    await expect(loadState(path)).rejects.toThrow(/cannot read the state file/);
  });

  it('migrates a v1 file: its validated days become records', async () => {
    const state = await loadState(join(root, 'test/fixtures/state/v1.json'));
    expect(state.schemaVersion).toBe(2);
    expect(state.validated.colorado?.fuel?.['os-nosdn-nofeature-ha']).toEqual({
      firstValidated: '2016-06-01',
      lastValidated: '2016-06-02',
      validatedDays: 2,
    });
    expect(state.validated.colorado?.apex?.['os-odl_l3-nofeature-ha']?.validatedDays).toBe(1);
  });
});

describe('the lock', () => {
  it('makes a second taker wait, then refuse with who holds it', async () => {
    const lockPath = join(dir, 'state.json.lock');
    const first = await acquireStateLock(lockPath);
    await expect(acquireStateLock(lockPath, { waitMs: 300, pollMs: 50 })).rejects.toThrow(
      /another run holds the lock since .* \(pid \d+/,
    );
    await first.release();
    const second = await acquireStateLock(lockPath, { waitMs: 300, pollMs: 50 });
    await second.release();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const lockPath = join(dir, 'state.json.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const { hostname } = await import('node:os');
    await writeFile(
      lockPath,
      JSON.stringify({ pid: Number(dead.stdout), hostname: hostname(), since: '2016-07-10T06:00:00Z' }),
    );
    const lock = await acquireStateLock(lockPath, { waitMs: 100, pollMs: 20 });
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it.each([
    ['empty', ''],
    ['unreadable', '{"pid": 12'],
  ])('takes over an %s lock once it is older than the wait, and not before', async (_, text) => {
    const lockPath = join(dir, 'state.json.lock');
    await writeFile(lockPath, text);
    const written = (await stat(lockPath)).mtimeMs;
    // A clock that moves a second each time it is read: the taker waits on it, never on real time.
    let clock = written;
    const lock = await acquireStateLock(lockPath, { waitMs: 60_000, pollMs: 1, now: () => (clock += 1000) });
    const taken = Date.parse(JSON.parse(await readFile(lockPath, 'utf8')).since);
    expect(taken - written).toBeGreaterThanOrEqual(60_000);
    expect(taken - written).toBeLessThan(65_000);
    await lock.release();
  });

  it('lives in the folders the job owns: the site folder, and beside a state kept elsewhere', () => {
    expect(lockPathsFor('/srv/out/state.json', '/srv/out')).toEqual(['/srv/out/.scenario-report.lock']);
    expect(lockPathsFor('/srv/state/state.json', '/srv/out')).toEqual([
      '/srv/out/.scenario-report.lock',
      '/srv/state/state.json.lock',
    ]);
  });
});

describe('two generate runs on one state', () => {
  it('end with one waiting for the other and a valid state file', async () => {
    const args = [
      cli,
      'generate',
      '--source',
      `file:${join(root, 'examples/results.sample.ndjson')}`,
      '--criteria',
      join(root, 'criteria'),
      '--as-of',
      '2016-07-14T23:59:59Z',
      '--out',
      join(dir, 'out'),
    ];
    const runOne = () =>
      new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, args, { cwd: dir });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => done({ code, stderr }));
      });
    const results = await Promise.all([runOne(), runOne()]);
    for (const result of results) {
      expect(
        result.code === 0 || (result.code === 1 && /another run holds the lock/.test(result.stderr)),
      ).toBe(true);
    }
    expect(results.some((result) => result.code === 0)).toBe(true);
    const state = await loadState(join(dir, 'out/state.json'));
    expect(Object.keys(state.history)).toContain('colorado');
  });
});
