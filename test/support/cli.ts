// The built command line as a user runs it (`npm test` builds it first), the files it is run on, and a
// snapshot of what it leaves behind.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

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

/** `generate` on `source` with the shipped criteria, as of `asOf`, writing into `out`. */
export function generateArgs(source: string, asOf: string, out: string): string[] {
  return [
    'generate',
    '--source',
    source,
    '--criteria',
    join(root, 'criteria'),
    '--as-of',
    asOf,
    '--out',
    out,
  ];
}

/**
 * The sha256 of every file under `dir` by relative path (a symbolic link: its target), `skip`ped ones
 * aside: equal snapshots, nothing changed.
 */
export async function fileHashes(
  dir: string,
  skip: (path: string) => boolean = () => false,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (skip(path)) continue;
    if (entry.isSymbolicLink()) files[relative(dir, path)] = `→ ${await readlink(path)}`;
    if (!entry.isFile()) continue;
    files[relative(dir, path)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return files;
}
