// The site writer: render everything in memory first, write it into a temporary directory beside
// --out, then swap directories. A failure anywhere leaves the previous site as it was and removes
// the temporary files; the state files that live inside --out are carried over (`preserve`).
import { chmod, cp, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { sitePaths } from './paths.js';
import { renderSite } from './site.js';
import type { SiteFiles, SiteInput, WriteSiteOptions } from './types.js';

const TEMP_PREFIX = '.scenario-report-tmp-';
const WRITE_BATCH = 64;

export async function writeSite(input: SiteInput, options: WriteSiteOptions): Promise<{ files: number }> {
  const rendered = renderSite(input);
  const outDir = resolve(options.outDir);
  // A scoped run keeps the other installers' pages of the previous site; with no previous site it writes everything.
  const hadSite = await exists(outDir);
  const scoped =
    options.historyOnly && hadSite
      ? { dirs: [], owns: isHistoryFile }
      : options.scope && hadSite
        ? scopeOf(input, options.scope.installers)
        : null;
  const files = scoped ? new Map([...rendered].filter(([path]) => scoped.owns(path))) : rendered;
  for (const [path, content] of options.extraFiles ?? []) files.set(path, content);
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const prefix = `${TEMP_PREFIX}${basename(outDir)}-`;
  await removeLeftovers(parent, prefix);
  const tmp = await mkdtemp(join(parent, prefix));
  // mkdtemp makes a private folder; the site is read by a web server running as someone else.
  await chmod(tmp, 0o755);
  try {
    if (scoped) {
      await cp(outDir, tmp, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
      for (const dir of scoped.dirs) await rm(join(tmp, dir), { recursive: true, force: true });
    }
    await writeFiles(tmp, files, options.beforeWrite);
    await carryOver(outDir, tmp, options.preserve ?? []);
    await swap(tmp, outDir);
  } catch (error) {
    throw new Error(
      `could not write the site to ${outDir}: ${(error as Error).message}. The previous site was left as it was; ` +
        'check that the output folder and its parent are writable.',
      { cause: error },
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { files: files.size };
}

/**
 * A run killed outright (SIGKILL, power loss) cannot clean up: its temporary folders are removed by the
 * next run on the same output folder, which holds the lock, so none of them can still be in use.
 */
async function removeLeftovers(parent: string, prefix: string): Promise<void> {
  for (const name of await readdir(parent)) {
    if (name.startsWith(prefix)) await rm(join(parent, name), { recursive: true, force: true });
  }
}

/** The files a backfill of an earlier day rewrites: those that show the history, not the current day. */
function isHistoryFile(path: string): boolean {
  return (
    path === 'status.json' ||
    path.endsWith('/validated.html') ||
    path.endsWith('/changes.html') ||
    (!path.startsWith('badges/') && (path.endsWith('.csv') || path.endsWith('.atom')))
  );
}

/** Files a scoped run rewrites: the scoped installers' pages, and the site-wide pages that list every installer. */
function scopeOf(input: SiteInput, installers: string[]) {
  const wanted = new Set(installers);
  const matches = (installer: string) =>
    wanted.has(installer) || wanted.has(installer.split('@')[0] ?? installer);
  const own = new Set<string>();
  const dirs: string[] = [];
  for (const version of input.verdict.versions) {
    for (const { installer } of version.installers.filter((i) => matches(i.installer))) {
      own.add(sitePaths.installerPage(version.version, installer));
      own.add(sitePaths.installerCsv(version.version, installer));
      own.add(sitePaths.installerFeed(version.version, installer));
      dirs.push(sitePaths.installerDir(version.version, installer));
      dirs.push(sitePaths.badgeDir(version.version, installer));
    }
  }
  const siteWide = (path: string) =>
    path === 'index.html' ||
    path === 'status.json' ||
    path.startsWith('assets/') ||
    path.endsWith('/validated.html') ||
    path.endsWith('/changes.html');
  return {
    dirs,
    owns: (path: string) => siteWide(path) || own.has(path) || dirs.some((dir) => path.startsWith(`${dir}/`)),
  };
}

async function writeFiles(
  root: string,
  files: SiteFiles,
  beforeWrite?: (path: string) => void,
): Promise<void> {
  const dirs = new Set([...files.keys()].map((path) => dirname(join(root, path))));
  for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
  const entries = [...files];
  for (let i = 0; i < entries.length; i += WRITE_BATCH) {
    // allSettled: never leave a write in flight while the temporary folder is being removed.
    const results = await Promise.allSettled(
      entries.slice(i, i + WRITE_BATCH).map(async ([path, content]) => {
        beforeWrite?.(path);
        await writeFile(inside(root, path), content);
      }),
    );
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }
}

/** Copies the preserved paths (state file, backup, lock) from the live site into the new one. */
async function carryOver(outDir: string, tmp: string, preserve: string[]): Promise<void> {
  for (const path of preserve) {
    const source = inside(outDir, path);
    if (!(await exists(source))) continue;
    const target = inside(tmp, path);
    await mkdir(dirname(target), { recursive: true });
    await cp(source, target, { recursive: true, preserveTimestamps: true, force: true });
  }
}

async function swap(tmp: string, outDir: string): Promise<void> {
  const backup = `${tmp}-previous`;
  const hadSite = await exists(outDir);
  if (hadSite) await rename(outDir, backup);
  try {
    await rename(tmp, outDir);
  } catch (error) {
    if (hadSite) await rename(backup, outDir);
    throw error;
  }
  if (hadSite) await rm(backup, { recursive: true, force: true });
}

/** root/path, refusing any path that would leave root (the site's own paths never do; preserve comes from config). */
function inside(root: string, path: string): string {
  const full = normalize(join(root, path));
  if (isAbsolute(path) || !full.startsWith(root + sep))
    throw new Error(`refusing to write outside ${root}: ${path}`);
  return full;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
