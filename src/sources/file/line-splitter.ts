// NDJSON (mongoexport without --jsonArray): one document per line; blank lines are allowed.
import { LINE_FEED } from './bytes.js';
import { LEFT_OUT, MAX_DOCUMENT_BYTES, NO_PREFILTER, TOO_LARGE, judged, truncated } from './splitter.js';
import type { DocumentText, Splitter, SplitterPrefilter } from './splitter.js';

/**
 * Lines are found in the bytes (a newline byte is never part of a multi-byte character) and judged
 * there by the byte pre-filter: a line it drops is never decoded, only the others become strings. A
 * line that spans chunks is kept as its pieces and joined once at its newline: joining at every chunk
 * would copy a long line again and again.
 */
export class LineSplitter implements Splitter {
  /** The current line's bytes from earlier chunks, not yet ended by a newline. */
  private pieces: Buffer[] = [];
  private piecesLength = 0;
  /** Inside a line longer than MAX_DOCUMENT_BYTES: dropped up to its newline. */
  private skipping = false;

  constructor(private readonly prefilter: SplitterPrefilter = NO_PREFILTER) {}

  push(chunk: Buffer): DocumentText[] {
    const lines: DocumentText[] = [];
    const last = chunk.lastIndexOf(LINE_FEED);
    if (last === -1) {
      this.hold(chunk, lines);
      return lines;
    }
    let from = 0;
    if (this.pieces.length > 0 || this.skipping) {
      const first = chunk.indexOf(LINE_FEED);
      if (!this.skipping) this.complete(this.joined(chunk.subarray(0, first)), lines);
      this.pieces = [];
      this.piecesLength = 0;
      this.skipping = false;
      from = first + 1;
    }
    if (from <= last) this.complete(chunk.subarray(from, last), lines);
    this.hold(chunk.subarray(last + 1), lines);
    return lines;
  }

  end(path: string, bytes: number): DocumentText[] {
    if (this.skipping) return [];
    const last = this.joined(Buffer.alloc(0)).toString('utf8');
    const text = last.trim();
    if (text === '') return [];
    // A last line without its newline that does not parse is a cut file, not a bad document.
    try {
      JSON.parse(text);
    } catch {
      const leading = last.length - last.trimStart().length;
      throw truncated(path, bytes - Buffer.byteLength(last) + Buffer.byteLength(last.slice(0, leading)));
    }
    return [judged(text, this.prefilter)];
  }

  /** Whole lines, one after another, the last one ending where `bytes` ends. */
  private complete(bytes: Buffer, lines: DocumentText[]): void {
    const judge = this.prefilter.bytes;
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(LINE_FEED, start);
      const end = newline === -1 ? bytes.length : newline;
      const decision = judge === null ? 'text' : judge(bytes, start, end);
      if (decision === 'parse') lines.push(bytes.toString('utf8', start, end).trim());
      else if (decision !== 'text') lines.push(LEFT_OUT[decision]);
      else {
        const line = bytes.toString('utf8', start, end).trim();
        if (line !== '') lines.push(judged(line, this.prefilter));
      }
      if (newline === -1) return;
      start = newline + 1;
    }
  }

  /** Keeps a copy of the start of an unfinished line, unless it has outgrown MAX_DOCUMENT_BYTES. */
  private hold(piece: Buffer, lines: DocumentText[]): void {
    if (this.skipping || piece.length === 0) return;
    this.pieces.push(Buffer.from(piece));
    this.piecesLength += piece.length;
    if (this.piecesLength > MAX_DOCUMENT_BYTES) {
      // Counted as a rejected document, never held: one runaway line must not exhaust the memory.
      lines.push(TOO_LARGE);
      this.pieces = [];
      this.piecesLength = 0;
      this.skipping = true;
    }
  }

  /** The held pieces and `last`, as one buffer. */
  private joined(last: Buffer): Buffer {
    return this.pieces.length === 0 ? last : Buffer.concat([...this.pieces, last]);
  }
}
