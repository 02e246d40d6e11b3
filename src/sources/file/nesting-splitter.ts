// A top-level JSON array (mongoexport --jsonArray), or JSON objects one after another (mongoexport
// --pretty), split into documents by tracking strings, escapes and nesting depth, byte by byte.
import { SourceError } from '../../core/index.js';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SPACE,
  isBlank,
  isByteOrderMark,
} from './bytes.js';
import { MAX_DOCUMENT_BYTES, NO_PREFILTER, TOO_LARGE, judged, truncated } from './splitter.js';
import type { DocumentText, Splitter, SplitterPrefilter } from './splitter.js';

export class NestingSplitter implements Splitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private closed = false;
  private inElement = false;
  /** Bytes of the current element that came in earlier chunks. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current element outgrew MAX_DOCUMENT_BYTES: scanned to its end, never held. */
  private oversized = false;
  /** File offsets of the current chunk and of the current element, for the truncation message. */
  private chunkOffset = 0;
  private elementOffset = 0;

  /** Depth at which documents sit: 0 for objects one after another, 1 inside an array. */
  private readonly documentDepth: number;

  /** `objects`: documents follow each other at the top level instead of inside one array. */
  constructor(
    private readonly path: string,
    private readonly objects: boolean,
    private readonly prefilter: SplitterPrefilter = NO_PREFILTER,
  ) {
    this.documentDepth = objects ? 0 : 1;
  }

  *push(chunk: Buffer): Generator<DocumentText> {
    let start = this.inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (this.closed) {
        this.afterArray(byte, i);
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        continue;
      }
      if (this.depth === this.documentDepth && !this.inElement && this.startsElement(byte)) {
        this.inElement = true;
        start = i;
        this.elementOffset = this.chunkOffset + i;
      }
      if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) this.depth++;
      else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
        // A stray closer among objects stays at depth 0, so the documents after it are still found.
        if (this.depth > 0) this.depth--;
        if (this.depth > 0) continue;
        // An object ends with its own brace; an array's `]` ends its last element and the array.
        if (this.inElement) yield this.take(chunk, start, this.objects ? i + 1 : i);
        this.closed = !this.objects;
      } else if (byte === COMMA && this.depth === 1 && this.inElement && !this.objects) {
        yield this.take(chunk, start, i);
      }
    }
    if (this.inElement) this.hold(chunk.subarray(start));
    this.chunkOffset += chunk.length;
  }

  end(path: string, bytes: number): DocumentText[] {
    if (this.objects ? this.inElement : !this.closed) {
      throw truncated(path, this.inElement ? this.elementOffset : bytes);
    }
    return [];
  }

  /** Two exports joined with `cat` would otherwise lose the second one without a word. */
  private afterArray(byte: number, i: number): void {
    if (isBlank(byte)) return;
    throw new SourceError(
      `file:${this.path} goes on after its JSON array closes (byte ${this.chunkOffset + i}): ` +
        'give one array, or one document a line; nothing was written.',
    );
  }

  private startsElement(byte: number): boolean {
    if (byte <= SPACE || byte === COMMA) return false;
    // Objects may follow a byte-order mark; in an array, `]` ends it instead.
    return this.objects ? !isByteOrderMark(byte) : byte !== CLOSE_BRACKET;
  }

  /** Keeps a copy of the start of an unfinished element, unless it has outgrown MAX_DOCUMENT_BYTES. */
  private hold(rest: Buffer): void {
    if (this.oversized) return;
    this.pending.push(Buffer.from(rest));
    this.pendingBytes += rest.length;
    if (this.pendingBytes > MAX_DOCUMENT_BYTES) {
      this.oversized = true;
      this.pending = [];
    }
  }

  private take(chunk: Buffer, start: number, end: number): DocumentText {
    const text = this.oversized
      ? TOO_LARGE
      : Buffer.concat([...this.pending, chunk.subarray(start, end)])
          .toString('utf8')
          .trim();
    this.pending = [];
    this.pendingBytes = 0;
    this.oversized = false;
    this.inElement = false;
    return text === TOO_LARGE ? text : judged(text, this.prefilter);
  }
}
