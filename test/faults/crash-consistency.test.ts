// The commit of pages and state, stopped at every one of its file-system operations: a failure (that one
// operation refused), a death in process (that one and every later one refused, as nothing more reaches
// the disk after a kill) and a real SIGKILL of the CLI. After each, what the next run sees first (the
// state once recovered, the pages `current` points at) is all the old day or all the new one, and the
// next run completes with the whole history. With the state inside --out and in a folder of its own.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG, type ReportingConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/core/index.js';
import { recover } from '../../src/publish/index.js';
import { cli, fileHashes, generateArgs, root } from '../support/cli.js';
import { faultyFs, type Fault } from '../support/faulty-fs.js';
import { sitePath } from '../support/site.js';

const OLD_DAY = '2016-07-13T23:59:59Z';
const NEW_DAY = '2016-07-14T23:59:59Z';
const GENERATED_AT = Date.parse('2016-07-15T06:00:00Z');
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let base: string;
let results: string;

/**
 * One installer, two scenarios, two test cases; one scenario fails on the new day, so the days differ.
 * Small on purpose: every file is one more step, and each step is a whole run and its next run.
 */
function resultLines(): string {
  const lines: string[] = [];
  for (const installer of ['fuel'])
    for (const scenario of ['os-nosdn-nofeature-ha', 'os-odl_l2-nofeature-ha'])
      for (const caseName of ['healthcheck', 'vping_ssh'])
        for (let day = 9; day <= 14; day++) {
          const failed = scenario === 'os-odl_l2-nofeature-ha' && installer === 'fuel' && day === 14;
          lines.push(
            JSON.stringify({
              project_name: 'functest',
              case_name: caseName,
              installer,
              version: 'colorado',
              scenario,
              pod_name: 'lf-pod1',
              build_tag: `jenkins-functest-${installer}-daily-colorado-${day}`,
              criteria: failed ? 'FAIL' : 'PASS',
              start_date: `2016-07-${day} 06:00:00`,
            }),
          );
        }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'scenario-report-crash-'));
  results = join(base, 'results.ndjson');
  await writeFile(results, resultLines());
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const placements = [
  { name: 'the state inside --out', state: (work: string) => join(work, 'out', 'state.json') },
  { name: 'the state in its own folder', state: (work: string) => join(work, 'state', 'state.json') },
];

describe.each(placements)('a commit stopped at each step, with $name', ({ state }) => {
  const config = (work: string, asOf: string): ReportingConfig => ({
    ...DEFAULT_CONFIG,
    source: `file:${results}`,
    criteriaDir: join(root, 'criteria'),
    asOf,
    outDir: join(work, 'out'),
    statePath: state(work),
  });
  const run = (work: string, asOf: string, fs = faultyFs()) =>
    generate({ config: config(work, asOf), logger: quiet, now: () => GENERATED_AT, fs });

  /** What the next run sees first: the state once recovered, and the pages `current` points at. */
  async function seen(work: string): Promise<string> {
    await recover({ outDir: join(work, 'out'), statePath: state(work) });
    const pages = await fileHashes(sitePath(join(work, 'out')));
    return JSON.stringify({ pages, state: await readFile(state(work), 'utf8') });
  }

  let oldDay: string;
  let oldPages: string;
  let newPages: string;
  let newDay: string;
  let steps: string[];

  beforeAll(async () => {
    oldDay = join(base, `old-${placements.findIndex((p) => p.state === state)}`);
    await run(oldDay, OLD_DAY);
    const reference = `${oldDay}-new`;
    await cp(oldDay, reference, { recursive: true, verbatimSymlinks: true });
    const counting = faultyFs();
    await run(reference, NEW_DAY, counting);
    steps = counting.log;
    oldPages = await seen(oldDay);
    newPages = await seen(reference);
    newDay = reference;
  });

  it('counts the steps: releases written, state prepared, the link switched, the state in place', () => {
    expect(oldPages).not.toBe(newPages);
    const commit = steps.findIndex((step) => /^rename .*\/out\/current$/.test(step));
    expect(steps.slice(0, commit).some((step) => /^rename .*state\.json\.next-\d+$/.test(step))).toBe(true);
    expect(steps.slice(commit).some((step) => /^rename .*state\.json$/.test(step))).toBe(true);
    expect(steps.length).toBeGreaterThan(30);
    // Files the day before holds unchanged (the assets) are linked: a fault at a link is tried too.
    expect(steps.some((step) => /^linkSame .*\/assets\/site\.css$/.test(step))).toBe(true);
  });

  it.each(['die', 'fail'] as const)(
    'leaves pages and state both old or both new when it is made to %s at any step, and the next run completes',
    async (kind) => {
      for (let atStep = 1; atStep <= steps.length; atStep++) {
        const work = join(base, `${kind}-${atStep}-${placements.findIndex((p) => p.state === state)}`);
        await cp(oldDay, work, { recursive: true, verbatimSymlinks: true });
        const fault: Fault = { kind, atStep };
        // Before the commit the run fails; after it, nothing may fail the run.
        const outcome = await run(work, NEW_DAY, faultyFs(fault)).then(
          () => 'published',
          (error: Error) => error.message,
        );
        const after = await seen(work);
        const label = `${kind} at step ${atStep} (${steps[atStep - 1]}): ${outcome}`;
        expect([oldPages, newPages], label).toContain(after);
        if (outcome === 'published') expect(after, label).toBe(newPages);
        await run(work, NEW_DAY);
        expect(await seen(work), label).toBe(newPages);
        expect(await leftovers(work), label).toEqual(await leftovers(newDay));
        await rm(work, { recursive: true, force: true });
      }
    },
    300_000,
  );

  it('survives a real SIGKILL of the CLI at the steps around the switch, and elsewhere', async () => {
    const cliArgs = (work: string) => [
      ...generateArgs(`file:${results}`, NEW_DAY, join(work, 'out')),
      '--state',
      state(work),
      '--quiet',
    ];
    const preload = ['--import', join(root, 'test/support/kill-at-step.mjs')];
    const counted = `${oldDay}-count`;
    await cp(oldDay, counted, { recursive: true, verbatimSymlinks: true });
    const dry = spawnSync(process.execPath, [...preload, cli, ...cliArgs(counted)], { encoding: 'utf8' });
    expect(dry.status, dry.stderr).toBe(0);
    const cliSteps = dry.stderr.split('\n').filter((line) => line.startsWith('step: '));
    const commit = cliSteps.findIndex((line) => / rename .*\/out\/current$/.test(line)) + 1;
    expect(commit).toBeGreaterThan(0);
    const chosen = [1, Math.floor(commit / 2), commit - 2, commit - 1, commit, commit + 1, commit + 2];
    for (const atStep of [...chosen, cliSteps.length]) {
      const work = `${counted}-${atStep}`;
      await cp(oldDay, work, { recursive: true, verbatimSymlinks: true });
      const killed = spawnSync(process.execPath, [...preload, cli, ...cliArgs(work)], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', KILL_AT_STEP: String(atStep) },
      });
      const label = `SIGKILL before ${cliSteps[atStep - 1]}`;
      expect(killed.signal, label).toBe('SIGKILL');
      expect([await seenByCli(oldDay), await seenByCli(counted)], label).toContain(await seenByCli(work));
      const next = spawnSync(process.execPath, [cli, ...cliArgs(work)], { encoding: 'utf8' });
      expect(next.status, `${label}: ${next.stderr}`).toBe(0);
      expect(await seenByCli(work), label).toBe(await seenByCli(counted));
      expect(await leftovers(work), label).toEqual(await leftovers(counted));
      await rm(work, { recursive: true, force: true });
    }
  }, 300_000);

  /**
   * The CLI stamps its pages with the real clock: its runs are compared by status.json (the same inputs
   * give the same bytes), the list of pages and the state, byte for byte.
   */
  async function seenByCli(work: string): Promise<string> {
    const { pages, state: stateText } = JSON.parse(await seen(work)) as {
      pages: Record<string, string>;
      state: string;
    };
    return JSON.stringify({
      status: pages['status.json'],
      pages: Object.keys(pages).sort(),
      state: stateText,
    });
  }

  /** Names beside the pages: the releases kept and the state files, nothing temporary. */
  async function leftovers(work: string): Promise<string[]> {
    const names = [
      ...(await readdir(join(work, 'out'))).map((name) => `out/${name}`),
      ...(await readdir(join(work, 'out', 'releases'))).map((name) => `releases/${name.length}`),
      ...(await readdir(join(state(work), '..'))).map((name) => `state/${name}`),
    ];
    return [...new Set(names)].sort();
  }
});
