// Where the commit protocol keeps what it writes. The site folder holds complete releases and a
// `current` link to one of them; the state file has its backup and, during a commit, the next state
// named after the release it belongs with. Every temporary name lives in a folder the job owns.
import { readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** The site folder: `releases/<id>/` (each a whole site) and `current` → `releases/<id>`. */
export interface SiteLayout {
  out: string;
  releases: string;
  current: string;
  /** The new link, made beside `current` and renamed over it. */
  currentTmp: string;
  /** `export pdf`'s prints: beside the releases, never inside one, since a release never changes once published. */
  pdf: string;
}

export interface StateFiles {
  path: string;
  folder: string;
  /** The state before the last committed run. */
  bak: string;
  /** Where the backup and the next state are written before being renamed into place. */
  tmp: string;
  /** The next state, durable before the pages switch; its name says which release it goes with. */
  next(release: string): string;
  /** The release a name in the state's folder is the next state of, or null. */
  releaseOfNext(name: string): string | null;
}

const PARTIAL_PREFIX = '.partial-';
/** Release ids are counters padded so that the folder lists them in order. */
const ID_DIGITS = 6;

export function siteLayout(outDir: string): SiteLayout {
  const out = resolve(outDir);
  return {
    out,
    releases: join(out, 'releases'),
    current: join(out, 'current'),
    currentTmp: join(out, '.current.tmp'),
    pdf: join(out, 'pdf'),
  };
}

export function stateFiles(statePath: string): StateFiles {
  const path = resolve(statePath);
  const nextPrefix = `${basename(path)}.next-`;
  return {
    path,
    folder: dirname(path),
    bak: `${path}.bak`,
    tmp: `${path}.tmp`,
    next: (release) => join(dirname(path), `${nextPrefix}${release}`),
    releaseOfNext: (name) => {
      if (!name.startsWith(nextPrefix)) return null;
      const release = name.slice(nextPrefix.length);
      return isReleaseId(release) ? release : null;
    },
  };
}

/**
 * The state path with a symbolic link resolved: the state is replaced by renaming a file beside it,
 * which would otherwise replace the operator's link by a plain file.
 */
export async function resolveStatePath(statePath: string): Promise<string> {
  try {
    return await realpath(statePath);
  } catch {
    // No state yet: it is created where a link to be filled points, else at the path given (inside a
    // folder that may itself be a link).
    const target = await readlink(statePath).catch(() => null);
    return target === null ? resolve(statePath) : resolve(dirname(resolve(statePath)), target);
  }
}

export function isReleaseId(name: string): boolean {
  return /^\d+$/.test(name);
}

export function partialRelease(site: SiteLayout, release: string): string {
  return join(site.releases, `${PARTIAL_PREFIX}${release}`);
}

export function isPartialRelease(name: string): boolean {
  return name.startsWith(PARTIAL_PREFIX);
}

/** The id after every one already used (releases, partial ones, next states), so an id is never reused. */
export function nextReleaseId(used: readonly string[]): string {
  const last = used
    .map((name) => name.replace(PARTIAL_PREFIX, ''))
    .filter(isReleaseId)
    .reduce((highest, name) => Math.max(highest, Number(name)), 0);
  return String(last + 1).padStart(ID_DIGITS, '0');
}

/** The release `current` points at (`releases/<id>`), or null. */
export function releaseOfLink(target: string | null): string | null {
  if (target === null) return null;
  const release = basename(target);
  return target === join('releases', release) && isReleaseId(release) ? release : null;
}
