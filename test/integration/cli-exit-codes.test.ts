// Exit codes as cron sees them: 2 for bad usage, 1 for a run that failed, 70 and a stack for a bug.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateArgs, root, runCli, sample } from '../support/cli.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-exit-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The CLI with a TypeError injected (test/fixtures/inject-type-error.mjs) where `where` says. */
function withInjectedTypeError(args: string[], where: 'verdict table' | 'timer') {
  const preload = pathToFileURL(join(root, 'test/fixtures/inject-type-error.mjs')).href;
  return runCli(args, work, {
    NODE_OPTIONS: `--import=${preload}`,
    INJECT_TYPE_ERROR: where === 'timer' ? 'timer' : 'table',
  });
}

describe('exit codes', () => {
  it('exits 70 with the stack when a command throws a TypeError', () => {
    const result = withInjectedTypeError(
      [...generateArgs(`file:${sample}`, '2016-07-14T23:59:59Z', join(work, 'out')), '--quiet'],
      'verdict table',
    );
    expect(result.code).toBe(70);
    expect(result.stderr).toContain('failed on a bug, not on its input');
    expect(result.stderr).toContain('TypeError: injected: a bug in the verdict table');
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('exits 70 with the stack when a TypeError is thrown outside any command', () => {
    const result = withInjectedTypeError(['schedule', '--cron', '0 6 * * *'], 'timer');
    expect(result.code).toBe(70);
    expect(result.stderr).toContain('TypeError: injected: a bug in a timer');
    expect(result.stderr).toMatch(/\n\s+at /);
  });

  it('exits 1 without a stack when the run fails on its input', () => {
    const result = runCli(generateArgs(`file:${join(work, 'missing.ndjson')}`, '2016-07-14', work), work);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 when state show is pointed at a state file that does not exist', () => {
    const result = runCli(['state', 'show', '--state', join(work, 'nope.json')], work);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`there is no state file at ${join(work, 'nope.json')}`);
  });

  it('exits 2 on a period no report can have, writing nothing', async () => {
    const out = join(work, 'out');
    const result = runCli([...generateArgs(`file:${sample}`, '2016-07-14', out), '--period', '1e9'], work);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('period (--period) must be at most 3660 days, not 1000000000');
    expect(await readdir(work)).toEqual([]);
  });

  it('exits 2 on a usage error', () => {
    const result = runCli(['generate', '--perod', '3'], work);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean --period?');
  });
});
