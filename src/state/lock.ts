// One run per state at a time: an exclusive lock file holding who took it and when. A second run waits
// a bounded time, then refuses; a lock left by a process that no longer exists is taken over.
import { open, readFile, rm, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, relative, resolve, isAbsolute, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StateError } from '../core/index.js';

export interface StateLock {
  readonly path: string;
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  hostname: string;
  since: string;
}

/**
 * Where the lock of a state lives. Beside the state file, unless the state is inside the site folder:
 * the site is swapped by renaming that folder, and a lock inside it would vanish for an instant.
 */
export function lockPathFor(statePath: string, outDir: string): string {
  const state = resolve(statePath);
  const out = resolve(outDir);
  if (stateInsideOut(statePath, outDir) !== null) {
    return join(dirname(out), `.${basename(out)}.${basename(state)}.lock`);
  }
  return `${state}.lock`;
}

/** The state's path relative to the site folder when it lives inside it, else null. */
export function stateInsideOut(statePath: string, outDir: string): string | null {
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
  await mkdir(dirname(lockPath), { recursive: true });
  for (;;) {
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), since: new Date(now()).toISOString() };
    try {
      const file = await open(lockPath, 'wx');
      try {
        await file.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await file.close();
      }
      return { path: lockPath, release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StateError(`cannot create the lock ${lockPath}: ${(error as Error).message}`);
      }
    }
    const holder = await readOwner(lockPath);
    if (holder !== null && isDead(holder)) {
      // The process that took it is gone (killed, crashed): its run cannot be going on.
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
