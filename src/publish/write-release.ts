// Step 1 of the commit (commit.ts): the new release written in full into releases/.partial-<id>, each
// file as it comes from the renderer, synced, then renamed to releases/<id>.
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { madeAsWritten, madeInPieces, utf8Of, type CommitFs, type FileContent } from './fs.js';
import { partialRelease, type SiteLayout } from './layout.js';
import type { Release } from './commit.js';

/** Files written at once: enough to keep the disk busy, few enough to stay under the open-file limit. */
const WRITE_BATCH = 64;

export async function writeRelease(
  fs: CommitFs,
  site: SiteLayout,
  id: string,
  release: Release,
  previous: string | null,
): Promise<number> {
  const root = partialRelease(site, id);
  const owns = previous === null ? undefined : release.owns;
  const from = join(site.releases, previous ?? '');
  const carried = owns ? (await fs.listFiles(from)).filter((path) => !owns(path)) : [];
  // Each folder is made once; a batch and a file written beside the batches may need it at once.
  const folders = new Map<string, Promise<void>>();
  const folderMade = (folder: string) => {
    let made = folders.get(folder);
    if (made === undefined) {
      made = fs.makeFolder(folder);
      folders.set(folder, made);
    }
    return made;
  };
  const { put, carry } = placing(fs);
  let written = 0;
  const writeBatch = async (batch: PendingFile[]) => {
    const targets = batch.map(([path, put]) => ({ path: inside(root, path), put }));
    for (const folder of [root, ...targets.map(({ path }) => dirname(path))].sort()) await folderMade(folder);
    // allSettled: never leave a write in flight while the partial release is being removed.
    const results = await Promise.allSettled(targets.map(async ({ path, put }) => put(path)));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    written += batch.length;
  };
  // The files come as they are rendered, a batch at a time: the whole site is never held in memory.
  const writer = batchWriter(writeBatch);
  try {
    const seen = new Set<string>();
    for (const [path, content] of contentOf(release.files)) {
      if (seen.has(path)) throw new Error(`two files of the release have the same path ${path}`);
      seen.add(path);
      if (owns && !owns(path)) continue;
      // Let the writes in flight take their next step (open, write, sync, close) between two files.
      await setImmediate();
      // A page's pieces are encoded now, while they are young: held until their batch is written, a
      // batch of pages' short strings would be copied by every collection of the young generation.
      const handed = madeInPieces(content) ? writer.encode(content) : content;
      // Text made a piece at a time as it is written: status.json, hundreds of MB at full scale.
      if (madeAsWritten(handed)) writer.beside([path, (target) => fs.writeDurable(target, handed)]);
      else
        await writer.add([
          path,
          (target) => put(target, handed, previous === null ? null : join(from, path)),
        ]);
    }
    for (const path of carried) await writer.add([path, (target) => carry(join(from, path), target)]);
    await writer.finish();
  } catch (error) {
    await writer.settle();
    throw error;
  }
  // Deepest first, so each folder's entry in its parent is synced after the folder itself.
  for (const folder of [...folders.keys()].sort().reverse()) await fs.syncFolder(folder);
  await fs.rename(root, join(site.releases, id));
  await fs.syncFolder(site.releases);
  return written;
}

/**
 * How a file is put in the release. A file the previous release holds with the same bytes is linked,
 * not written again: most of a day's badges, say. Creating a file is the costly step on some disks (up to
 * 0.7 ms of kernel time each on the bench's machine, against 0.03 ms for a link), and its content is
 * durable already. A file carried over from the previous release is linked too. Where a file is not linked (the
 * file system has no links, or the previous file is not one the job made: fs.ts linkSame), it is written.
 */
function placing(fs: CommitFs) {
  // Linking is a saving, never a condition: a link that fails for any reason leaves the file to write.
  const linked = (before: string, target: string, bytes: Buffer | null) =>
    fs.linkSame(before, target, bytes).catch(() => false);
  return {
    put: async (target: string, content: Buffer | string, before: string | null) => {
      // Without a previous release (a first run) there is nothing to compare, and no bytes to make.
      if (before !== null) {
        const bytes = typeof content === 'string' ? Buffer.from(content) : content;
        if (await linked(before, target, bytes)) return;
      }
      await fs.writeDurable(target, content);
    },
    carry: async (before: string, target: string) => {
      if (!(await linked(before, target, null))) await fs.writeDurable(target, await fs.read(before));
    },
  };
}

/** A file of the release, and how it is put at its place in the partial release. */
type PendingFile = [string, (target: string) => Promise<void>];

/**
 * Files handed over one at a time and written WRITE_BATCH at a time, a batch while the next is being
 * gathered (rendered): the disk's syncs overlap the rendering. One batch at most is in flight, and
 * beside the batches the files written in pieces: such a file takes seconds to make, write and sync,
 * and the batches would wait for it with nothing to do (~0.6 s idle at a million runs).
 */
function batchWriter(writeBatch: (batch: PendingFile[]) => Promise<void>) {
  let batch: PendingFile[] = [];
  // The pages of the batch being gathered are encoded into its bytes; the batch written, they serve again.
  let bytes = new BatchBytes();
  const spare: BatchBytes[] = [];
  let writing: Promise<void> = Promise.resolve();
  const aside: Array<Promise<void>> = [];
  // A failed write beside the batches stops the release at the next file, as a failed batch does.
  let failedAside: { reason: unknown } | null = null;
  const send = async () => {
    await writing;
    const sent = bytes;
    writing = writeBatch(batch).finally(() => spare.push(sent.emptied()));
    batch = [];
    bytes = spare.pop() ?? new BatchBytes();
    writing.catch(() => {}); // awaited by the next send, by finish, or by settle
  };
  const settled = () => Promise.allSettled([writing, ...aside]);
  return {
    /** A page's bytes, for the next file added: in the batch's buffer, or in its own when they do not fit. */
    encode: (pieces: readonly string[]): Buffer => bytes.take(pieces) ?? utf8Of(pieces),
    add: async (file: PendingFile) => {
      if (failedAside) throw failedAside.reason;
      batch.push(file);
      if (batch.length === WRITE_BATCH) await send();
    },
    beside: (file: PendingFile) => {
      const write = writeBatch([file]);
      write.catch((reason: unknown) => {
        failedAside ??= { reason };
      });
      aside.push(write);
    },
    finish: async () => {
      await send();
      const failure = (await settled()).find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    },
    /** Waits for every write in flight, whatever comes of it: a failed release leaves no write in flight. */
    settle: async () => {
      await settled();
    },
  };
}

/**
 * Where the pages of one batch are encoded, used again once the batch is written. A buffer of its own
 * for each page is memory new to the process, held outside the JavaScript heap: ~100 MB of them for a
 * site made the garbage collector mark the whole heap (the verdict, hundreds of MB at full scale) one
 * more time or two, and touching the new memory cost as much as encoding into it.
 */
class BatchBytes {
  private bytes: Buffer | null = null;
  private used = 0;

  /** The pieces as UTF-8, in this buffer; null when they may not fit in what is left of it. */
  take(pieces: readonly string[]): Buffer | null {
    this.bytes ??= Buffer.allocUnsafe(BATCH_BYTES);
    let at = this.used;
    for (const piece of pieces) {
      // A UTF-16 code unit is at most 3 bytes of UTF-8.
      if (at + piece.length * 3 > this.bytes.length) return null;
      at += this.bytes.write(piece, at);
    }
    const taken = this.bytes.subarray(this.used, at);
    this.used = at;
    return taken;
  }

  /** Once every page taken from it is written. */
  emptied(): this {
    this.used = 0;
    return this;
  }
}

/** Enough for a batch of the largest scenario pages of the render case (~140 kB each). */
const BATCH_BYTES = 32 << 20;

/**
 * The release's files, one at a time. A file that cannot be produced (a rendering bug) is not a disk
 * failure: its error goes on as ContentError, which `publish` rethrows as it was once the partial
 * release is removed.
 */
function* contentOf(files: Iterable<[string, FileContent]>): Generator<[string, FileContent]> {
  const iterator = files[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<[string, FileContent]>;
    try {
      next = iterator.next();
    } catch (error) {
      throw new ContentError(error);
    }
    if (next.done === true) return;
    yield next.value;
  }
}

export class ContentError extends Error {
  constructor(readonly original: unknown) {
    super('a file of the release could not be produced');
  }
}

/** root/path, refusing any path that would leave root (the site's own paths never do). */
function inside(root: string, path: string): string {
  const full = normalize(join(root, path));
  if (isAbsolute(path) || !full.startsWith(root + sep))
    throw new Error(`refusing to write outside ${root}: ${path}`);
  return full;
}
