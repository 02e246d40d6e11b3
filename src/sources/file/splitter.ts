// What both splitters of the file source share: they cut a stream of bytes, fed in chunks cut anywhere,
// into the texts of its documents, and stand for a document too large to hold with TOO_LARGE.
import { SourceError } from '../../core/index.js';

/** A document longer than this (64 Mi characters, four times MongoDB's 16 MiB limit) is rejected, not read. */
export const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

/** Stands for a document over MAX_DOCUMENT_CHARS: counted as rejected, never held in memory. */
export const TOO_LARGE: unique symbol = Symbol('document too large');

/** One document's text (trimmed), or TOO_LARGE. */
export type DocumentText = string | typeof TOO_LARGE;

export interface Splitter {
  /** The documents that end in this chunk; the rest of the chunk is kept for the next one. */
  push(chunk: Buffer): Iterable<DocumentText>;
  /** The last documents; throws a SourceError when the file ends inside one. `bytes`: the file's length. */
  end(path: string, bytes: number): Iterable<DocumentText>;
}

/** `offset`: where the unfinished document starts (0-based, as `dd bs=1 skip=N` counts). */
export function truncated(path: string, offset: number): SourceError {
  return new SourceError(
    `file:${path} ends in the middle of a document (byte ${offset}) — the file is truncated. ` +
      'Export it again; nothing was written.',
  );
}
