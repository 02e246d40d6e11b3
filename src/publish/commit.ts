// One commit for pages and state, wherever the state lives. The order, each step durable before the next:
//   1. the new site is written in full into releases/.partial-<id>, synced, renamed to releases/<id>;
//   2. the previous state is copied to state.json.bak, the new one written as state.json.next-<id>, synced;
//   3. THE COMMIT: a new link `current` → releases/<id> is renamed over the old one, and the folder synced;
//   4. state.json.next-<id> is renamed over state.json (roll forward), older releases are pruned.
// A crash before 3 leaves the old pages and the old state; after 3, the new pages and a next state that
// `recover` (run under the lock before anything is read) puts in place. Steps 1–2 never touch what is
// published, and no step needs to write anywhere but the site folder and the state's folder.
import { dirname, join } from 'node:path';
import { StateError, type Logger } from '../core/index.js';
import { diskFs, type CommitFs, type FileContent } from './fs.js';
import { ContentError, writeRelease } from './write-release.js';
import {
  isPartialRelease,
  isReleaseId,
  nextReleaseId,
  partialRelease,
  releaseOfLink,
  siteLayout,
  stateFiles,
  type SiteLayout,
  type StateFiles,
} from './layout.js';

/** Folders an earlier version of the job left beside the site while swapping it. */
const OLD_SWAP_PREFIX = '.scenario-report-tmp-';

export interface Release {
  /** Relative path inside the site and content, produced as they are written (a Map, or a generator). */
  files: Iterable<[string, FileContent]>;
  /** A scoped run writes only the paths it owns; every other file of the current release is carried over. */
  owns?: (path: string) => boolean;
}

export interface CommitOptions {
  outDir: string;
  /** The state that changes with these pages; absent when only pages are published. */
  state?: { path: string; text: string };
  fs?: CommitFs;
  logger?: Logger;
}

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Publishes the release and its state together. Once it returns, both are the new ones; a throw leaves both old. */
export async function publish(
  release: Release,
  options: CommitOptions,
): Promise<{ release: string; files: number }> {
  const fs = options.fs ?? diskFs;
  const logger = options.logger ?? quiet;
  const site = siteLayout(options.outDir);
  const state = options.state ? stateFiles(options.state.path) : null;
  const previous = releaseOfLink(await fs.readLink(site.current));
  const id = nextReleaseId([...(await fs.list(site.releases)), ...(previous === null ? [] : [previous])]);
  let files: number;
  let failed = (error: Error) =>
    new Error(
      `could not write the site to ${site.out}: ${error.message}. The previous site and state were left as they ` +
        `were; check that ${site.out} is writable by this user and the disk has room.`,
      { cause: error },
    );
  try {
    files = await writeRelease(fs, site, id, release, previous);
    if (state && options.state) {
      failed = (error) =>
        new StateError(
          `cannot write the state file ${state.path}: ${error.message}. The previous state and site were left ` +
            `as they were; check that ${state.folder} is writable by this user and the disk has room.`,
          { cause: error },
        );
      await prepareState(fs, state, id, options.state.text);
    }
    failed = (error) =>
      new Error(
        `could not publish the site in ${site.current}: ${error.message}. The previous site and state were left ` +
          `as they were; check that ${site.out} is writable by this user.`,
        { cause: error },
      );
    await fs.remove(site.currentTmp);
    await fs.symlink(join('releases', id), site.currentTmp);
    await fs.rename(site.currentTmp, site.current);
  } catch (error) {
    await abandon(fs, site, state, id);
    if (error instanceof ContentError) throw error.original;
    throw failed(error as Error);
  }
  await finish(fs, site, state, id, logger);
  return { release: id, files };
}

/**
 * Brings an interrupted commit to one side, under the lock, before the state is read: the next state of
 * the release `current` points at is put in place (the crash came after the commit), any other is
 * dropped (it came before), and half-written releases and temporary names are removed.
 */
export async function recover(options: {
  outDir: string;
  statePath?: string;
  fs?: CommitFs;
  logger?: Logger;
}) {
  const fs = options.fs ?? diskFs;
  const logger = options.logger ?? quiet;
  const site = siteLayout(options.outDir);
  const current = releaseOfLink(await fs.readLink(site.current));
  if (options.statePath !== undefined) {
    const state = stateFiles(options.statePath);
    for (const name of await fs.list(state.folder)) {
      const release = state.releaseOfNext(name);
      if (release === null) continue;
      const forward = release === current;
      if (forward) await fs.rename(join(state.folder, name), state.path);
      else await fs.remove(join(state.folder, name));
      await fs.syncFolder(state.folder);
      logger.warn('commit.recovered', {
        release,
        outcome: forward
          ? 'the interrupted run had published its pages: its state was put in place'
          : 'the interrupted run had not published its pages: its state was dropped',
      });
    }
    await fs.remove(state.tmp);
  }
  await prune(fs, site, current);
  if (await fs.exists(join(site.out, 'index.html'))) {
    logger.warn('site.moved', {
      out: site.out,
      message: `the site is now published in ${site.current}; point the web server there and remove the pages an earlier version left in ${site.out}`,
    });
  }
}

/** The previous state becomes the backup and the new one waits, synced, as the next state of `id`. */
async function prepareState(fs: CommitFs, state: StateFiles, id: string, text: string): Promise<void> {
  await fs.makeFolder(state.folder);
  await fs.remove(state.tmp);
  if (await fs.exists(state.path)) {
    await fs.writeDurable(state.tmp, await fs.read(state.path));
    await fs.rename(state.tmp, state.bak);
  }
  await fs.writeDurable(state.tmp, text);
  await fs.rename(state.tmp, state.next(id));
  await fs.syncFolder(state.folder);
}

/** After the commit nothing may fail the run: what cannot be finished now is finished by the next run's `recover`. */
async function finish(fs: CommitFs, site: SiteLayout, state: StateFiles | null, id: string, logger: Logger) {
  try {
    // Until `current` is durable, a power loss could bring the old pages back: the state waits for it.
    await fs.syncFolder(site.out);
    if (state) {
      await fs.rename(state.next(id), state.path);
      await fs.syncFolder(state.folder);
    }
    await prune(fs, site, id);
  } catch (error) {
    logger.warn('commit.unfinished', {
      release: id,
      reason: (error as Error).message,
      action: 'the pages are published; the next run puts the state in place and removes old releases',
    });
  }
}

/** Best effort after a failure before the commit; whatever stays is removed by the next run's `recover`. */
async function abandon(fs: CommitFs, site: SiteLayout, state: StateFiles | null, id: string) {
  const leftovers = [
    partialRelease(site, id),
    join(site.releases, id),
    site.currentTmp,
    ...(state ? [state.tmp, state.next(id)] : []),
  ];
  for (const path of leftovers) await fs.remove(path).catch(() => undefined);
}

/**
 * Keeps the current release and the one before it (a reader that resolved `current` just before the
 * switch still finds its files); removes older ones, half-written ones and releases never published.
 * Without a `current` this job wrote (none yet, or a link someone else made), only half-written
 * releases go: nothing says which of the others is being served.
 */
async function prune(fs: CommitFs, site: SiteLayout, current: string | null): Promise<void> {
  const names = await fs.list(site.releases);
  const older = names.filter((name) => isReleaseId(name) && Number(name) < Number(current));
  const kept = [current, older.sort((a, b) => Number(a) - Number(b)).at(-1)];
  for (const name of names) {
    const stale = current !== null && isReleaseId(name) && !kept.includes(name);
    if (isPartialRelease(name) || stale) await fs.remove(join(site.releases, name));
  }
  await fs.remove(site.currentTmp);
}

/**
 * An earlier version swapped the whole site folder by two renames; a crash between them left no site
 * folder and the previous one (with its state) beside it. It is put back rather than a new history
 * started. Run before the lock is taken, since taking it creates the site folder: the rename is atomic,
 * so of two runs doing this at once one puts the folder back and the other finds it there.
 */
export async function recoverEarlierSwap(options: { outDir: string; fs?: CommitFs; logger?: Logger }) {
  const fs = options.fs ?? diskFs;
  const site = siteLayout(options.outDir);
  if (await fs.exists(site.out)) return;
  const parent = dirname(site.out);
  const prefix = `${OLD_SWAP_PREFIX}${site.out.slice(parent.length + 1)}-`;
  const previous = (await fs.list(parent)).find(
    (name) => name.startsWith(prefix) && name.endsWith('-previous'),
  );
  if (previous === undefined) return;
  try {
    await fs.rename(join(parent, previous), site.out);
  } catch (error) {
    if (await fs.exists(site.out)) return;
    throw error;
  }
  await fs.syncFolder(parent);
  (options.logger ?? quiet).warn('site.recovered', { out: site.out, from: join(parent, previous) });
}
