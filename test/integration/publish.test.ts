// Publishing around what earlier runs and operators leave behind: a site folder lost in the middle of an
// earlier version's folder swap, pages an earlier version wrote straight into --out, a state kept behind
// a symbolic link. (Crashes of this version's own commit: test/faults/crash-consistency.test.ts.)
import {
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readlink,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generate } from '../../src/app/generate.js';
import { DEFAULT_CONFIG, type ReportingConfig } from '../../src/config/index.js';
import type { Logger } from '../../src/core/index.js';
import { loadState } from '../../src/state/index.js';
import { root, sample } from '../support/cli.js';
import { sitePath } from '../support/site.js';

let work: string;
let warnings: string[];
const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (event) => warnings.push(event),
  error: () => {},
};

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-publish-'));
  warnings = [];
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

function config(day: string, out: string, statePath = join(out, 'state.json')): ReportingConfig {
  return {
    ...DEFAULT_CONFIG,
    source: `file:${sample}`,
    criteriaDir: join(root, 'criteria'),
    asOf: `${day}T23:59:59Z`,
    outDir: out,
    statePath,
  };
}

const run = (day: string, out: string, statePath?: string) =>
  generate({ config: config(day, out, statePath), logger, now: () => Date.parse('2016-07-15T06:00:00Z') });

/** The report days the state holds for fuel on colorado. */
async function daysOf(statePath: string): Promise<string[]> {
  const state = await loadState(statePath);
  return Object.keys(state.history.colorado?.fuel?.['os-nosdn-nofeature-ha'] ?? {}).sort();
}

describe('what an earlier version left behind', () => {
  it('restores a site folder lost between the two renames of its swap, with its state, not a first run', async () => {
    const out = join(work, 'out');
    await run('2016-07-13', out);
    // The earlier version's layout: pages and state straight in the folder, swapped whole by renaming
    // it to `.scenario-report-tmp-out-<random>-previous` and the new one in; killed in between.
    const previous = join(work, '.scenario-report-tmp-out-Ab12Cd-previous');
    await mkdir(previous);
    await cp(join(out, 'state.json'), join(previous, 'state.json'));
    await cp(await realpath(sitePath(out)), previous, { recursive: true });
    await rm(out, { recursive: true });

    await run('2016-07-14', out);
    expect(warnings).toContain('site.recovered');
    expect(await daysOf(join(out, 'state.json'))).toEqual(['2016-07-13', '2016-07-14']);
    expect(await readdir(work)).toEqual(['out']);
    // Its pages are left where they were for the operator to remove, once the web server serves `current`.
    expect(warnings).toContain('site.moved');
    expect(await readlink(join(out, 'current'))).toMatch(/^releases\/\d+$/);
  });

  it('refuses nothing and removes nothing of a first run when no earlier site exists', async () => {
    await run('2016-07-14', join(work, 'out'));
    expect(warnings).not.toContain('site.recovered');
    expect((await readdir(join(work, 'out'))).sort()).toEqual(['current', 'releases', 'state.json']);
  });
});

describe('a state kept behind a symbolic link', () => {
  it('is written where the link points, also when it does not exist yet, and the link is kept', async () => {
    const out = join(work, 'out');
    const kept = join(work, 'kept');
    await mkdir(kept);
    await symlink(join(kept, 'state.json'), join(work, 'state.json'));
    await run('2016-07-13', out, join(work, 'state.json'));
    await run('2016-07-14', out, join(work, 'state.json'));
    expect((await lstat(join(work, 'state.json'))).isSymbolicLink()).toBe(true);
    expect(await daysOf(join(kept, 'state.json'))).toEqual(['2016-07-13', '2016-07-14']);
    expect((await readdir(kept)).sort()).toEqual(['state.json', 'state.json.bak']);
  });
});

describe('a run refused before it writes', () => {
  const refused = (out: string) =>
    generate({
      config: { ...config('2016-07-14', out), source: `file:${join(work, 'empty.ndjson')}` },
      logger,
      now: Date.now,
    });

  it('leaves no site folder behind when it made one only for its lock', async () => {
    await writeFile(join(work, 'empty.ndjson'), '');
    await expect(refused(join(work, 'out', 'site'))).rejects.toThrow(/no result document/);
    expect(await readdir(work)).toEqual(['empty.ndjson']);
  });

  it('keeps a site folder that was there before', async () => {
    await writeFile(join(work, 'empty.ndjson'), '');
    await mkdir(join(work, 'out'));
    await expect(refused(join(work, 'out'))).rejects.toThrow(/no result document/);
    expect((await readdir(work)).sort()).toEqual(['empty.ndjson', 'out']);
    expect(await readdir(join(work, 'out'))).toEqual([]);
  });
});
