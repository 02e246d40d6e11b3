// The built command line as a user runs it (`npm test` builds it first), and the files it is run on.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const cli = join(root, 'dist/cli/main.js');
export const sample = join(root, 'examples/results.sample.ndjson');

/** Runs `scenario-report ARGS` in `cwd` with only PATH and `env` from the environment. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
