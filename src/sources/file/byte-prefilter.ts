// The pre-filter of prefilter.ts on a line's raw bytes, before the line is decoded: on a long export most
// lines are outside the window, and they need neither UTF-8 decoding nor JSON.parse. The rule is the
// text pre-filter's, step for step; the keys, quotes and braces it looks for are ASCII, which UTF-8
// never uses inside a multi-byte character, so they are found in the bytes exactly where they are in
// the decoded line, and both pre-filters drop exactly the same lines. A line that does not start with
// `{` is left to the text pre-filter, on its decoded text.
import { parseResultDate } from '../../core/result-date.js';
import type { LeftOut, ResultsQuery } from '../types.js';
import {
  BACKSLASH,
  CLOSE_BRACE,
  DIGIT_0,
  DIGIT_9,
  MINUS,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SPACE,
} from './bytes.js';
import { outside, slackWindow } from './prefilter.js';

/** Skipped for that reason; `parse`: wanted or doubtful, parse it; `text`: judge it on its decoded text. */
export type LineDecision = keyof LeftOut | 'parse' | 'text';

/** Judges the line bytes[start, end); the lines of one buffer are judged in order. */
export type BytePrefilter = (bytes: Buffer, start: number, end: number) => LineDecision;

const ascii = (text: string) => Buffer.from(text, 'latin1');
const DATE_WRAPPER = ascii('{"$date":');
const OID_PREFIX = ascii('{"_id":{"$oid":"');

/**
 * Where the next occurrence of a pattern starts in a buffer, remembered: the lines of a chunk are judged
 * in order, so a pattern absent from the rest of the chunk (a `\u` escape, usually) is searched for
 * once per chunk, not once per line.
 */
class NextOccurrence {
  private bytes: Buffer | null = null;
  private from = 0;
  private at = -1;

  constructor(private readonly pattern: Buffer | number) {}

  /** Index of the first occurrence at or after `from`, or -1. */
  find(bytes: Buffer, from: number): number {
    const known = bytes === this.bytes && from >= this.from && (this.at === -1 || this.at >= from);
    if (!known) {
      this.bytes = bytes;
      this.from = from;
      this.at = bytes.indexOf(this.pattern, from);
    }
    return this.at;
  }
}

/**
 * A top-level key `"name":`, searched for without its opening quote: a pattern that starts with a quote
 * (the commonest byte of a JSON line) is several times slower to find. An occurrence not preceded by a
 * quote is not the key, and the search goes on after it.
 */
class KeyOccurrence {
  private readonly next: NextOccurrence;
  readonly length: number;

  constructor(name: string) {
    const tail = ascii(`${name}":`);
    this.next = new NextOccurrence(tail);
    this.length = tail.length + 1;
  }

  /** Index of the key's opening quote, at or after `from`, or -1. */
  find(bytes: Buffer, from: number): number {
    let at = this.next.find(bytes, from + 1);
    while (at >= 0 && bytes[at - 1] !== QUOTE) at = this.next.find(bytes, at + 1);
    return at < 0 ? -1 : at - 1;
  }
}

export function bytePrefilter(query: ResultsQuery): BytePrefilter {
  const versions = query.versions.length > 0 ? new Set(query.versions) : null;
  const installers = query.installers.length > 0 ? new Set(query.installers) : null;
  const window = slackWindow(query);
  const next = {
    startDate: new KeyOccurrence('start_date'),
    version: new KeyOccurrence('version'),
    installer: new KeyOccurrence('installer'),
    brace: new NextOccurrence(OPEN_BRACE),
    bracket: new NextOccurrence(OPEN_BRACKET),
    escape: new NextOccurrence(ascii('\\u')),
  };
  const within = (at: number, end: number) => at >= 0 && at < end;

  /** Index just after the key (and spaces) when its first occurrence is a top-level key, or -1. */
  const topLevelKey = (bytes: Buffer, start: number, end: number, key: KeyOccurrence): number => {
    const first = key.find(bytes, start);
    if (!within(first, end) || !topLevel(bytes, start, end, first)) return -1;
    let at = first + key.length;
    while (bytes[at] === SPACE) at++;
    return at;
  };

  /** As prefilter.ts: nothing nested opens before `at`, apart from mongoexport's leading `_id`. */
  const topLevel = (bytes: Buffer, start: number, end: number, at: number): boolean => {
    let from = start + 1;
    if (startsWith(bytes, start, end, OID_PREFIX)) {
      const close = oidEnd(bytes, start + OID_PREFIX.length, at);
      if (close < 0) return false;
      from = close + 2;
    }
    const brace = next.brace.find(bytes, from);
    const bracket = next.bracket.find(bytes, from);
    return (brace < 0 || brace > at) && (bracket < 0 || bracket > at);
  };

  /** As prefilter.ts: the key comes again after `after`, or a `\u` escape may spell it anywhere. */
  const repeated = (bytes: Buffer, start: number, end: number, key: KeyOccurrence, after: number) =>
    within(key.find(bytes, after), end) || within(next.escape.find(bytes, start), end);

  /** As prefilter.ts: the line's top-level `key` is a plain string `names` does not hold. */
  const notAskedFor = (
    bytes: Buffer,
    start: number,
    end: number,
    key: KeyOccurrence,
    names: ReadonlySet<string>,
  ) => {
    const at = topLevelKey(bytes, start, end, key);
    const name = at < 0 ? null : stringAt(bytes, at, end);
    return name !== null && !names.has(name) && !repeated(bytes, start, end, key, at);
  };

  return (bytes, start, end) => {
    if (bytes[start] !== OPEN_BRACE || start >= end) return 'text';
    if (versions && notAskedFor(bytes, start, end, next.version, versions)) return 'notAskedFor';
    if (installers && notAskedFor(bytes, start, end, next.installer, installers)) return 'notAskedFor';
    const at = topLevelKey(bytes, start, end, next.startDate);
    if (at < 0) return 'parse';
    const value = dateValueAt(bytes, at, end);
    if (value === null) return 'parse';
    const startedAt = parseResultDate(value, 'UTC');
    const skipped =
      startedAt !== null && outside(startedAt, window) && !repeated(bytes, start, end, next.startDate, at);
    return skipped ? 'outsideWindow' : 'parse';
  };
}

/** As prefilter.ts: a plain string date, or mongoexport's `{"$date":…}` with a string or an integer, at `at`; else null. */
function dateValueAt(bytes: Buffer, at: number, end: number): unknown {
  const plain = stringAt(bytes, at, end);
  if (plain !== null || !startsWith(bytes, at, end, DATE_WRAPPER)) return plain;
  const inner = at + DATE_WRAPPER.length;
  return { $date: bytes[inner] === QUOTE ? stringAt(bytes, inner, end) : numberAt(bytes, inner, end) };
}

/** A JSON string without backslashes at `at`, decoded, or null. Short: scanned here, not searched. */
function stringAt(bytes: Buffer, at: number, end: number): string | null {
  if (bytes[at] !== QUOTE) return null;
  for (let i = at + 1; i < end; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) return bytes.toString('utf8', at + 1, i);
    if (byte === BACKSLASH) return null;
  }
  return null;
}

/** Where the `"}` closing the leading `_id` starts, looked for before `at` only (an ObjectId is short), or -1. */
function oidEnd(bytes: Buffer, from: number, at: number): number {
  for (let i = from; i < at; i++) if (bytes[i] === QUOTE && bytes[i + 1] === CLOSE_BRACE) return i;
  return -1;
}

/** Compared here, byte by byte: a call into Buffer.compare costs more than these few bytes. */
function startsWith(bytes: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** An integer (optionally negative) that closes its `{"$date":…}` at `at`, or null (fractions, exponents). */
function numberAt(bytes: Buffer, at: number, end: number): number | null {
  let close = bytes[at] === MINUS ? at + 1 : at;
  const digits = close;
  while (close < end && (bytes[close] as number) >= DIGIT_0 && (bytes[close] as number) <= DIGIT_9) close++;
  return close > digits && close < end && bytes[close] === CLOSE_BRACE
    ? Number(bytes.toString('latin1', at, close))
    : null;
}
