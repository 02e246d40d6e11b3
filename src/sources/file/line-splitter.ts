// NDJSON (mongoexport without --jsonArray): one document per line; blank lines are allowed.
import { StringDecoder } from 'node:string_decoder';
import { MAX_DOCUMENT_CHARS, TOO_LARGE, truncated, type DocumentText, type Splitter } from './splitter.js';

/**
 * Each chunk is decoded once (the decoder keeps a character cut between chunks) and lines are slices of
 * it, which V8 makes without copying. A line that spans chunks is kept as its pieces and joined once at
 * its newline: joining at every chunk would copy a long line again and again.
 */
export class LineSplitter implements Splitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The current line's text from earlier chunks, not yet ended by a newline. */
  private pieces: string[] = [];
  private piecesLength = 0;
  /** Inside a line longer than MAX_DOCUMENT_CHARS: dropped up to its newline. */
  private skipping = false;

  push(chunk: Buffer): DocumentText[] {
    const text = this.decoder.write(chunk);
    const lines: DocumentText[] = [];
    let newline = text.indexOf('\n');
    if (newline === -1) {
      this.hold(text, lines);
      return lines;
    }
    if (!this.skipping) this.emit(this.joined(text.slice(0, newline)), lines);
    this.skipping = false;
    let start = newline + 1;
    newline = text.indexOf('\n', start);
    while (newline !== -1) {
      this.emit(text.slice(start, newline), lines);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.hold(text.slice(start), lines);
    return lines;
  }

  end(path: string, bytes: number): DocumentText[] {
    if (this.skipping) return [];
    const last = this.joined(this.decoder.end());
    const text = last.trim();
    if (text === '') return [];
    // A last line without its newline that does not parse is a cut file, not a bad document.
    try {
      JSON.parse(text);
    } catch {
      const leading = last.length - last.trimStart().length;
      throw truncated(path, bytes - Buffer.byteLength(last) + Buffer.byteLength(last.slice(0, leading)));
    }
    return [text];
  }

  private emit(line: string, lines: DocumentText[]): void {
    const trimmed = line.trim();
    if (trimmed !== '') lines.push(trimmed);
  }

  /** Keeps the start of an unfinished line, unless it has outgrown MAX_DOCUMENT_CHARS. */
  private hold(piece: string, lines: DocumentText[]): void {
    if (this.skipping || piece === '') return;
    this.pieces.push(piece);
    this.piecesLength += piece.length;
    if (this.piecesLength > MAX_DOCUMENT_CHARS) {
      // Counted as a rejected document, never held: one runaway line must not exhaust the memory.
      lines.push(TOO_LARGE);
      this.pieces = [];
      this.piecesLength = 0;
      this.skipping = true;
    }
  }

  /** The held pieces and `last`, as one string; the pieces are let go. */
  private joined(last: string): string {
    if (this.pieces.length === 0) return last;
    this.pieces.push(last);
    const line = this.pieces.join('');
    this.pieces = [];
    this.piecesLength = 0;
    return line;
  }
}
