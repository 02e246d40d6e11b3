// One run per site and state at a time: an exclusive lock file holding who took it and when. A second
// run waits a bounded time, then refuses; a lock left by a process that no longer exists, or one nobody
// can read that is older than that wait, is taken over.
import { mkdir, open, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateError } from '../core/index.js';

export interface StateLock {
  readonly path: string;
  release(): Promise<void>;
}

const SITE_LOCK = '.scenario-report.lock';

interface LockOwner {
  pid: number;
  hostname: string;
  since: string;
}

/**
 * The locks a run takes, in this order: the site folder's, and the state's when it lives elsewhere. Both
 * sit in folders the job owns (never their parent, never the working folder): a service user that owns
 * only the site folder and a state folder can take them.
 */
export function lockPathsFor(statePath: string, outDir: string): string[] {
  const site = join(resolve(outDir), SITE_LOCK);
  return stateInsideOut(statePath, outDir) === null ? [site, `${resolve(statePath)}.lock`] : [site];
}

/** The state's path relative to the site folder when it lives inside it, else null. */
function stateInsideOut(statePath: string, outDir: string): string | null {
  const inside = relative(resolve(outDir), resolve(statePath));
  return inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)
    ? null
    : inside;
}

export async function acquireStateLock(
  lockPath: string,
  options: { waitMs?: number; pollMs?: number; now?: () => number } = {},
): Promise<StateLock> {
  const { waitMs = 30_000, pollMs = 200, now = Date.now } = options;
  const started = now();
  // The first folder made for the lock, if any: a run refused before it wrote anything removes it again.
  let created = await mkdir(dirname(lockPath), { recursive: true });
  for (;;) {
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), since: new Date(now()).toISOString() };
    try {
      const file = await open(lockPath, 'wx');
      try {
        await file.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await file.close();
      }
      const madeFor = created;
      return {
        path: lockPath,
        release: async () => {
          await rm(lockPath, { force: true });
          if (madeFor !== undefined) await removeEmptyFolders(dirname(lockPath), madeFor);
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The run that held the lock removed the folder it had made for it: make it again.
        created = (await mkdir(dirname(lockPath), { recursive: true })) ?? created;
        continue;
      }
      if (code !== 'EEXIST') {
        throw new StateError(`cannot create the lock ${lockPath}: ${(error as Error).message}`);
      }
    }
    const holder = await readOwner(lockPath);
    if (holder !== null ? isDead(holder) : await olderThan(lockPath, waitMs, now())) {
      // The process that took it is gone (killed, crashed): its run cannot be going on. A lock nobody can
      // read (empty after a full disk, or a kill between creating and writing it) is as good as gone once
      // it is older than any run waits: its writer would have filled it in at once.
      await rm(lockPath, { force: true });
      continue;
    }
    if (now() - started >= waitMs) {
      const who = holder
        ? `since ${holder.since} (pid ${holder.pid} on ${holder.hostname})`
        : 'for an unknown time';
      throw new StateError(
        `another run holds the lock ${who}. Wait for it to finish, or remove ${lockPath} if no run is going.`,
      );
    }
    await sleep(pollMs);
  }
}

/** Several locks in the order given, the same for every run so two runs never wait for each other in a ring. */
export async function acquireStateLocks(paths: string[]): Promise<StateLock> {
  const locks: StateLock[] = [];
  const release = async () => {
    for (const lock of locks.reverse()) await lock.release();
  };
  try {
    for (const path of paths) locks.push(await acquireStateLock(path));
  } catch (error) {
    await release();
    throw error;
  }
  return { path: paths.join(', '), release };
}

/** `folder` and its parents up to `top`, each removed only while it is empty. */
async function removeEmptyFolders(folder: string, top: string): Promise<void> {
  for (let current = folder; ; current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      // Not empty (the run published into it), or already gone: nothing more to remove.
      return;
    }
    if (current === top || dirname(current) === current) return;
  }
}

async function readOwner(lockPath: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<LockOwner>;
    if (
      typeof owner.pid !== 'number' ||
      typeof owner.hostname !== 'string' ||
      typeof owner.since !== 'string'
    )
      return null;
    return owner as LockOwner;
  } catch {
    // Being written right now, or already released: look again on the next poll.
    return null;
  }
}

async function olderThan(lockPath: string, ageMs: number, now: number): Promise<boolean> {
  try {
    return now - (await stat(lockPath)).mtimeMs >= ageMs;
  } catch {
    // Released meanwhile: the next attempt takes it.
    return false;
  }
}

/** Only a process on this host can be checked; a lock from another host is trusted until it is released. */
function isDead(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
