// The file-system operations the commit protocol is made of. Each change to the disk is one call, so a
// test can stop the protocol between any two of them (a failure, or a "kill": every later call refused)
// and check what a crash at that instant would leave.
import {
  lstat,
  mkdir,
  open,
  type FileHandle,
  readFile,
  readdir,
  readlink,
  rename,
  rm,
  symlink,
} from 'node:fs/promises';
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readSync,
  rmSync,
  type Stats,
} from 'node:fs';
import { join, relative } from 'node:path';

/** Text produced a piece at a time (status.json of a million runs), written as it comes, never held whole. */
export interface TextPieces {
  pieces(): Iterable<string>;
}

/** A file's content as the disk takes it: text, bytes, or text made a piece at a time as it is written. */
export type WrittenContent = string | Buffer | TextPieces;

/**
 * A file's content as the site hands it over: also text made already but kept in pieces (a page, each
 * of its rows apart: render/environment.ts), which the release writer encodes as it is handed over.
 */
export type FileContent = WrittenContent | readonly string[];

/** Whether the content is text made already, in pieces. */
export const madeInPieces = (content: FileContent): content is readonly string[] => Array.isArray(content);

/** Whether the content is made as it is written: seconds of work for status.json at full scale. */
export const madeAsWritten = (content: WrittenContent): content is TextPieces =>
  typeof content !== 'string' && !Buffer.isBuffer(content);

/**
 * Text made in pieces, as UTF-8 bytes of their own: they are held outside the JavaScript heap until
 * written. A page is encoded into its batch's buffer (write-release.ts); this is for one that may not
 * fit there, so it keeps nothing once the page is written.
 */
export function utf8Of(pieces: readonly string[]): Buffer {
  let length = 0;
  for (const piece of pieces) length += Buffer.byteLength(piece);
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (const piece of pieces) at += bytes.write(piece, at);
  return bytes;
}

/** Text in pieces is written this many bytes at a time: few writes, little held. */
const WRITE_BYTES = 1 << 20;

export interface CommitFs {
  /** Names in a folder; none when it does not exist. */
  list(folder: string): Promise<string[]>;
  /** Paths (relative to the folder) of every file below it. */
  listFiles(folder: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /** A symbolic link's target; null when there is no link at that path. */
  readLink(path: string): Promise<string | null>;
  read(path: string): Promise<Buffer>;
  /** Creates the folder and any missing parent. */
  makeFolder(path: string): Promise<void>;
  /** Creates the file (it must not exist yet), writes it and syncs it to the disk before returning. */
  writeDurable(path: string, content: WrittenContent): Promise<void>;
  /**
   * Creates the file (it must not exist yet) as another name of an existing one, a hard link, when that
   * one is a file this job made (madeByThisUser) holding exactly `bytes`, or any bytes when null: its
   * content, durable already, is not written again. False, with nothing created, when it is not such a
   * file, or the file system refuses the link.
   */
  linkSame(existing: string, path: string, bytes: Buffer | null): Promise<boolean>;
  /** Makes the names created, renamed or removed in the folder durable. */
  syncFolder(path: string): Promise<void>;
  /** Atomic replacement, within one folder or between two folders of the same file system. */
  rename(from: string, to: string): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
  /** Removes a file or a whole folder; nothing when it does not exist. */
  remove(path: string): Promise<void>;
}

export const diskFs: CommitFs = {
  list: async (folder) => {
    try {
      return await readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  },
  listFiles: async (folder) =>
    (await readdir(folder, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name))),
  exists: async (path) => {
    try {
      await lstat(path);
      return true;
    } catch {
      return false;
    }
  },
  readLink: async (path) => {
    try {
      return await readlink(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EINVAL') return null;
      throw error;
    }
  },
  read: (path) => readFile(path),
  makeFolder: async (path) => {
    await mkdir(path, { recursive: true });
  },
  writeDurable: async (path, content) => {
    const file = await open(path, 'wx', FILE_MODE);
    try {
      if (madeAsWritten(content)) await writePieces(file, content);
      else await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
  },
  linkSame,
  syncFolder: async (path) => {
    const folder = await open(path, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  },
  rename: (from, to) => rename(from, to),
  symlink: (target, path) => symlink(target, path),
  remove: (path) => rm(path, { recursive: true, force: true }),
};

/** A file of the site: readable by anyone (the web server), written by the job's user alone. */
const FILE_MODE = 0o644;

/**
 * A regular file of this process's user that no one else may write: one the job made. Another user's
 * file, or one others may write, could change after it is linked, in every release that holds it; a
 * symbolic link would be linked itself, not its target.
 */
function madeByThisUser(file: Stats): boolean {
  const user = process.getuid?.();
  return file.isFile() && (user === undefined || file.uid === user) && (file.mode & 0o022) === 0;
}

/**
 * Synchronous calls, unlike the rest of this file: each is a few microseconds on a file of the day
 * before, in the page cache, where six awaited steps a file cost the main thread ~0.1 s a site.
 */
async function linkSame(existing: string, path: string, bytes: Buffer | null): Promise<boolean> {
  let descriptor: number;
  try {
    descriptor = openSync(existing, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return false;
  }
  try {
    const compared = fstatSync(descriptor);
    if (!madeByThisUser(compared)) return false;
    if (bytes !== null && !(compared.size === bytes.length && sameBytes(descriptor, bytes))) return false;
    try {
      linkSync(existing, path);
    } catch {
      return false;
    }
    // The name may have been given to another file since it was compared: only that file is linked.
    const linked = lstatSync(path);
    if (linked.dev === compared.dev && linked.ino === compared.ino) return true;
    rmSync(path, { force: true });
    return false;
  } finally {
    closeSync(descriptor);
  }
}

/** Bytes of a file compared a slice at a time: no buffer the size of the file. */
const COMPARE_BYTES = 1 << 16;

const compareSlice = Buffer.allocUnsafe(COMPARE_BYTES);

function sameBytes(descriptor: number, bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length;) {
    const read = readSync(descriptor, compareSlice, 0, Math.min(COMPARE_BYTES, bytes.length - at), at);
    if (read === 0 || !compareSlice.subarray(0, read).equals(bytes.subarray(at, at + read))) return false;
    at += read;
  }
  return true;
}

/**
 * Pieces encoded into one reused buffer and written whenever it fills: no string longer than a piece is
 * made, so a file of hundreds of MB leaves no large garbage behind (large strings are freed only by a
 * full collection, and piled up until one came). A piece too long for the buffer goes in slices: given
 * to the file system whole, each was first encoded into memory of its own, new to the process (0.6 s
 * of the all case's 242 MiB status.json).
 */
async function writePieces(file: FileHandle, content: TextPieces): Promise<void> {
  const buffer = Buffer.allocUnsafe(WRITE_BYTES);
  let used = 0;
  for (const piece of content.pieces()) {
    for (let from = 0; from < piece.length;) {
      let to = Math.min(piece.length, from + SLICE_UNITS);
      // Never between the two halves of a surrogate pair: each half alone would be encoded as U+FFFD.
      if (to < piece.length && isHighSurrogate(piece.charCodeAt(to - 1))) to--;
      const slice = to - from === piece.length ? piece : piece.slice(from, to);
      // A UTF-16 code unit is at most 3 bytes of UTF-8.
      if (used + slice.length * 3 > WRITE_BYTES) {
        await file.writeFile(buffer.subarray(0, used));
        used = 0;
      }
      used += buffer.write(slice, used);
      from = to;
    }
  }
  await file.writeFile(buffer.subarray(0, used));
}

/** The most UTF-16 code units that always fit in an empty buffer of WRITE_BYTES. */
const SLICE_UNITS = Math.floor(WRITE_BYTES / 3);

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
