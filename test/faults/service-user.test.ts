// The shipped deployments, run as a service user who owns only the site folder and the state folder,
// both below read-only parents, from a working folder it may not write: the systemd unit's command
// (deploy/scenario-report.service) and the README's cron line. Each run succeeds, publishes its release
// by switching `current`, and writes nothing anywhere else. As root (CI) the job runs as nobody, since
// root ignores file modes; as another user, the parents' modes alone keep it out.
import { spawn, spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadState } from '../../src/state/index.js';
import { root } from '../support/cli.js';
import { sitePath } from '../support/site.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
let work: string;
let site: string;
let stateFolder: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-service-'));
  await chmod(work, 0o755);
  site = join(work, 'var/www/scenario-report');
  stateFolder = join(work, 'var/lib/scenario-report');
  for (const folder of [site, stateFolder]) {
    await mkdir(folder, { recursive: true });
    if (asRoot) await chown(folder, NOBODY, NOBODY);
  }
  // Readable by every user, written by nobody: the parents are read-only for the service user.
  for (const parent of ['var/www', 'var/lib', 'var']) await chmod(join(work, parent), 0o555);
});

afterEach(async () => {
  for (const parent of ['var', 'var/www', 'var/lib']) await chmod(join(work, parent), 0o755);
  await rm(work, { recursive: true, force: true });
});

/** The command line as the service user: under setpriv as root, as is otherwise. */
function asServiceUser(command: string[]): string[] {
  return asRoot
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...command]
    : command;
}

/** A deployment's /var paths, moved under the test folder. */
const moved = (arg: string) => (arg.startsWith('/var/') ? join(work, arg) : arg);

/** Runs of two scenarios in the last days: the job reports on the day it runs. */
async function todaysResults(): Promise<string> {
  const lines: string[] = [];
  for (const scenario of ['os-nosdn-nofeature-ha', 'os-odl_l2-nofeature-ha'])
    for (const caseName of ['healthcheck', 'vping_ssh'])
      for (let hoursAgo = 1; hoursAgo <= 4 * 24; hoursAgo += 24) {
        const start = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
        lines.push(
          JSON.stringify({
            project_name: 'functest',
            case_name: caseName,
            installer: 'fuel',
            version: 'master',
            scenario,
            criteria: 'PASS',
            start_date: start,
          }),
        );
      }
  const path = join(work, 'results.ndjson');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** ExecStart and WorkingDirectory of the shipped unit; ExecStart's words with double quotes honoured. */
async function unit(): Promise<{ command: string[]; workingDirectory: string }> {
  const text = await readFile(join(root, 'deploy/scenario-report.service'), 'utf8');
  const line = /^ExecStart=(.*)$/m.exec(text)?.[1] ?? '';
  return {
    command: [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? ''),
    workingDirectory: /^WorkingDirectory=(.*)$/m.exec(text)?.[1] ?? '',
  };
}

/** The README's cron line: the folder it changes to, and the words of its command up to the redirection. */
async function cronLine(): Promise<{ folder: string; env: string[]; command: string[] }> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const line = /```cron\n(.*)\n```/.exec(readme)?.[1] ?? '';
  const [, folder = '', rest = ''] = /^(?:\S+\s+){5}cd (\S+) && (.*?) 2>&1/.exec(line) ?? [];
  const words = rest.split(/\s+/);
  return {
    folder,
    env: words.filter((word) => /^[A-Z_]+=/.test(word)),
    command: words.filter((word) => !/^[A-Z_]+=/.test(word)),
  };
}

/** The unit's command with `--run-now`, stopped by SIGTERM as systemd stops it once the run started. */
async function runUnit(source: string): Promise<{ code: number | null; stderr: string }> {
  const { command, workingDirectory } = await unit();
  expect(workingDirectory).toBe('/srv/scenario-report');
  const [node, ...args] = command;
  expect(node).toBe('/usr/bin/node');
  const [program, ...rest] = asServiceUser([process.execPath, ...args.map(moved), '--run-now']);
  // The unit's WorkingDirectory is the installed code; here the repository, which nobody may write.
  const child = spawn(program!, rest, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', RESULTS_SOURCE: `file:${source}` },
  });
  let stderr = '';
  let stopping = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // One SIGTERM, as systemd stops the service: the run in progress finishes (a second would kill it).
    if (!stopping && stderr.includes('run.started')) stopping = child.kill('SIGTERM');
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  expect(stderr).toContain('run.finished');
  return { code, stderr };
}

/** The cron line's command, its MONGODB_URI given the test's results file. */
async function runCron(source: string): Promise<{ code: number | null; stderr: string }> {
  const { folder, env, command } = await cronLine();
  expect(folder).toBe('/srv/scenario-report');
  expect(env.map((assignment) => assignment.split('=')[0])).toEqual(['MONGODB_URI']);
  const [node, ...args] = command;
  expect(node).toBe('node');
  const [program, ...rest] = asServiceUser([process.execPath, ...args.map(moved)]);
  const result = spawnSync(program!, rest, {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', MONGODB_URI: `file:${source}` },
  });
  return { code: result.status, stderr: result.stderr };
}

it('keeps the service user out of the parents: the test really is below read-only folders', () => {
  const [program, ...rest] = asServiceUser(['sh', '-c', `: > ${join(work, 'var/www/probe')}`]);
  expect(spawnSync(program!, rest).status).not.toBe(0);
  const [inside, ...insideRest] = asServiceUser([
    'sh',
    '-c',
    `: > ${join(site, 'probe')} && rm ${join(site, 'probe')}`,
  ]);
  expect(spawnSync(inside!, insideRest).status).toBe(0);
});

it.each([
  ['the systemd unit', runUnit],
  ["the README's cron line", runCron],
])(
  '%s runs as a user owning only the site and state folders and publishes atomically',
  async (_name, run) => {
    const source = await todaysResults();
    const workingFolder = (await readdir(root)).sort();

    const first = await run(source);
    expect(first.code, first.stderr).toBe(0);
    const firstRelease = await readlink(join(site, 'current'));
    expect(firstRelease).toMatch(/^releases\/\d+$/);
    expect(await readFile(sitePath(site, 'index.html'), 'utf8')).toContain('fuel');

    const second = await run(source);
    expect(second.code, second.stderr).toBe(0);
    const secondRelease = await readlink(join(site, 'current'));
    expect(secondRelease).not.toBe(firstRelease);
    expect((await readdir(join(site, 'releases'))).map((id) => `releases/${id}`)).toEqual([
      firstRelease,
      secondRelease,
    ]);

    expect((await readdir(site)).sort()).toEqual(['current', 'releases']);
    expect((await readdir(stateFolder)).sort()).toEqual(['state.json', 'state.json.bak']);
    expect(await readdir(join(work, 'var/www'))).toEqual(['scenario-report']);
    expect(await readdir(join(work, 'var/lib'))).toEqual(['scenario-report']);
    // Nothing in the working folder: no lock, no temporary folder.
    expect((await readdir(root)).sort()).toEqual(workingFolder);
    const state = await loadState(join(stateFolder, 'state.json'));
    expect(Object.keys(state.history)).toEqual(['master']);
  },
);
