// What both splitters of the file source share: they cut a stream of bytes, fed in chunks cut anywhere,
// into the texts of its documents, and stand for a document too large to hold with TOO_LARGE.
import { SourceError } from '../../core/errors.js';
import type { LeftOut } from '../types.js';
import type { BytePrefilter } from './byte-prefilter.js';

/** A document longer than this many bytes (64 MiB, four times MongoDB's 16 MiB limit) is rejected, not read. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Stands for a document over MAX_DOCUMENT_BYTES: counted as rejected, never held in memory. */
export const TOO_LARGE: unique symbol = Symbol('document too large');

/** A document the pre-filter dropped unparsed, and the bucket it counts in. */
export interface LeftOutText {
  readonly leftOut: keyof LeftOut;
}

/** One marker per bucket: a dropped document costs no allocation. */
export const LEFT_OUT: Readonly<Record<keyof LeftOut, LeftOutText>> = {
  outsideWindow: { leftOut: 'outsideWindow' },
  notInCriteria: { leftOut: 'notInCriteria' },
  notAskedFor: { leftOut: 'notAskedFor' },
};

/** One document's text (trimmed), TOO_LARGE, or the mark of a document the pre-filter dropped. */
export type DocumentText = string | typeof TOO_LARGE | LeftOutText;

/** The pre-filters a splitter applies (prefilter.ts); null fields judge nothing and drop nothing. */
export interface SplitterPrefilter {
  /** On a document's text: why it is certainly unwanted, or null. */
  text: ((text: string) => keyof LeftOut | null) | null;
  /** On a line's raw bytes, before it is decoded (NDJSON only). */
  bytes: BytePrefilter | null;
}

export const NO_PREFILTER: SplitterPrefilter = { text: null, bytes: null };

/** The text, or the mark of its bucket when the text pre-filter drops it. */
export function judged(text: string, prefilter: SplitterPrefilter): DocumentText {
  const left = prefilter.text?.(text) ?? null;
  return left === null ? text : LEFT_OUT[left];
}

export interface Splitter {
  /**
   * The documents that end in this chunk; the rest of the chunk is copied and kept for the next one. The
   * chunk is read only until the documents are taken (NestingSplitter gives them lazily): then the
   * caller may read the next chunk into the same buffer.
   */
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

/** Reading the file failed (it is missing, unreadable, or a disk error): the read names the file. */
export function cannotRead(path: string, error: unknown): SourceError {
  return new SourceError(
    `cannot read file:${path}: ${(error as Error).message}. Check the path given to --source ` +
      '(or RESULTS_SOURCE) and that this user may read it.',
    { cause: error },
  );
}
