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
import { join, relative } from 'node:path';

/** Text produced a piece at a time (status.json of a million runs), written as it comes, never held whole. */
export interface TextPieces {
  pieces(): Iterable<string>;
}

/** A file's content: text, bytes, or text in pieces. */
export type FileContent = string | Buffer | TextPieces;

/** Pieces are gathered up to this many characters before each write: few writes, little held. */
const PIECES_PER_WRITE = 1 << 20;

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
  writeDurable(path: string, content: FileContent): Promise<void>;
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
    const file = await open(path, 'wx');
    try {
      if (typeof content === 'string' || Buffer.isBuffer(content)) await file.writeFile(content);
      else await writePieces(file, content);
      await file.sync();
    } finally {
      await file.close();
    }
  },
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

async function writePieces(file: FileHandle, content: TextPieces): Promise<void> {
  let gathered = '';
  for (const piece of content.pieces()) {
    gathered += piece;
    if (gathered.length >= PIECES_PER_WRITE) {
      await file.writeFile(gathered);
      gathered = '';
    }
  }
  await file.writeFile(gathered);
}
