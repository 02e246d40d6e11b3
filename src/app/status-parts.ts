// status.json's bytes parsed a part at a time. A partial run or a backfill reads back the status.json
// the last run published; at a million runs it is ~250 MB, ~500 MB as one string (its reasons' arrows
// make it two bytes a character), near the longest string V8 allows at two million. Each installer
// entry (every run line is in one) is decoded and parsed on its own, and the rest, the frame, with a
// placeholder in each entry's place; the entries are then put back in their places. The value is
// exactly JSON.parse's of the whole text: the parts are cut where this job's layout puts an entry, and
// a file laid out in any other way is parsed whole.
import { randomUUID } from 'node:crypto';
import { indentOf } from '../render/index.js';

/** A version's `installers` line (depth 3) as jsonPieces writes it, up to where its first entry starts. */
const INSTALLERS_OPEN = Buffer.from(`\n${indentOf(3)}"installers": [\n`);
/** An installer entry's first line (depth 4), and the start of its last one. */
const ENTRY_OPEN = Buffer.from(`${indentOf(4)}{\n`);
const ENTRY_CLOSE = Buffer.from(`\n${indentOf(4)}}`);
/** After an entry's last line: another entry on the next line, or the list's closing line. */
const NEXT_ENTRY = Buffer.from(',\n');
const LIST_CLOSE = Buffer.from('\n');

/**
 * JSON.parse of the bytes decoded as UTF-8: the same value, or the same SyntaxError. Read in parts, it
 * also has a value where the whole text would be longer than a string can be.
 */
export function parseStatusBytes(bytes: Buffer): unknown {
  return parsedInParts(bytes) ?? (JSON.parse(bytes.toString('utf8')) as unknown);
}

/**
 * The value of the whole text, from its parts; undefined when the bytes do not split as this job lays
 * them out, or a part does not parse. Each cut is next to a newline, which UTF-8 never uses inside a
 * character and JSON never inside a string, so the parts decode and parse as they would in the whole.
 */
export function parsedInParts(bytes: Buffer): unknown {
  // Unguessable by a file, so no value in the file can be taken for a placeholder.
  const placeholder = `${randomUUID()}:`;
  const frame: string[] = [];
  const entries: Array<{ start: number; end: number }> = [];
  let from = 0;
  for (;;) {
    const open = bytes.indexOf(INSTALLERS_OPEN, from);
    if (open === -1) break;
    let at = open + INSTALLERS_OPEN.length;
    frame.push(bytes.toString('utf8', from, at));
    while (startsWith(bytes, at, ENTRY_OPEN)) {
      const close = bytes.indexOf(ENTRY_CLOSE, at);
      if (close === -1) return undefined;
      const end = close + ENTRY_CLOSE.length;
      frame.push(JSON.stringify(`${placeholder}${entries.length}`));
      entries.push({ start: at, end });
      if (startsWith(bytes, end, NEXT_ENTRY)) {
        frame.push(',\n');
        at = end + NEXT_ENTRY.length;
      } else if (startsWith(bytes, end, LIST_CLOSE)) {
        at = end;
        break;
      } else return undefined;
    }
    from = at;
  }
  if (entries.length === 0) return undefined;
  frame.push(bytes.toString('utf8', from));
  try {
    const value = JSON.parse(frame.join('')) as unknown;
    const parsed = entries.map(({ start, end }) => JSON.parse(bytes.toString('utf8', start, end)) as unknown);
    putBack(value, placeholder, parsed);
    return value;
  } catch {
    return undefined;
  }
}

/**
 * Puts each entry back in the list item holding its placeholder. A placeholder is always a list item:
 * it stands where a list's item was cut. One the parse dropped (a key given twice keeps its last value)
 * went with the entry it stood for, as in the whole text.
 */
function putBack(value: unknown, placeholder: string, entries: readonly unknown[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (!Array.isArray(value)) {
    for (const field of Object.values(value)) putBack(field, placeholder, entries);
    return;
  }
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (typeof item === 'string' && item.startsWith(placeholder))
      value[index] = entries[Number(item.slice(placeholder.length))];
    else putBack(item, placeholder, entries);
  }
}

function startsWith(bytes: Buffer, at: number, prefix: Buffer): boolean {
  return (
    bytes.length - at >= prefix.length &&
    bytes.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0
  );
}
