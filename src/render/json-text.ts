// JSON text in pieces: the same bytes as JSON.stringify(value, null, 2), produced a branch at a time so
// that a file of a million runs (status.json in the all-in-window case) is never one string: one string
// of that size is near V8's limit, and holding it with its UTF-8 copy until the site is written cost
// about 1 GiB. A list marked OneItemPerLine is the one exception to the layout: one item a line.

const INDENT = '  ';

/** What starts a line at `depth`: the indentation, spelt here only (app/status-parts.ts reads by it). */
export const indentOf = (depth: number): string => INDENT.repeat(depth);

/**
 * Arrays and objects up to this depth are opened piece by piece; a deeper one is written by JsonTexts,
 * as one text but for its OneItemPerLine lists. In status.json, depth 6 is a scenario: the text of its
 * test cases but their runs, then each test case's run lines, at most a few hundred kB, short-lived
 * garbage. A piece costs a generator step at every depth above it: split a level deeper, each of a
 * scenario's fields a piece through seven generators, status.json took a third longer to write.
 */
const SPLIT_DEPTH = 6;

/**
 * A list written one item a line, each item compact: the same JSON value as an array of its items, in
 * a third fewer bytes when the items are many small objects (status.json's runs: indenting each field
 * of a million runs was ~130 MiB of spaces). It holds a way to make the items' texts, not the texts:
 * they are made when the list is written, and dropped.
 */
export class OneItemPerLine {
  readonly #lines: () => readonly string[];

  /** `lines` gives each item's text as JSON.stringify(item) writes it: compact, on one line. */
  constructor(lines: () => readonly string[]) {
    this.#lines = lines;
  }

  /** A list of values, each written by JSON.stringify. */
  static of(items: readonly unknown[]): OneItemPerLine {
    return new OneItemPerLine(() =>
      items.map((item) => (hasJsonForm(item) ? (JSON.stringify(item) ?? 'null') : 'null')),
    );
  }

  get lines(): readonly string[] {
    return this.#lines();
  }

  toJSON(): unknown[] {
    return this.lines.map((line) => JSON.parse(line) as unknown);
  }
}

/**
 * JSON.stringify(value, null, 2), in pieces whose concatenation is exactly that text; a OneItemPerLine
 * list within it is written one item a line, which parses to the same value.
 */
export function* jsonPieces(value: unknown, depth = 0): Generator<string> {
  if (depth >= SPLIT_DEPTH || !isContainer(value)) {
    const texts = new JsonTexts();
    texts.add(value, depth);
    yield* texts.done();
    return;
  }
  const { members, empty, close } = layoutOf(value, depth);
  if (members.length === 0) {
    yield empty;
    return;
  }
  for (const [prefix, member] of members) {
    yield prefix;
    yield* jsonPieces(member, depth + 1);
  }
  yield close;
}

/**
 * The same text as jsonPieces, below SPLIT_DEPTH: one string, but for each OneItemPerLine list, whose
 * lines are a piece of their own. Its lines are most of the bytes, and are seldom more than Latin-1: in
 * a string of their own they stay one byte a character, where joined to a reason's arrow (→) they would
 * be two, and twice as slow to encode.
 */
class JsonTexts {
  private readonly texts: string[] = [];
  private text = '';

  add(value: unknown, depth: number): void {
    if (value instanceof OneItemPerLine) {
      this.texts.push(this.text, oneItemPerLine(value.lines, depth));
      this.text = '';
    } else if (typeof value !== 'object' || value === null) {
      // A string, number, boolean or null: its text is one line, laid out the same at any depth.
      this.text += JSON.stringify(value) ?? 'null';
    } else if (!isContainer(value)) {
      // Strings never hold a raw line break in JSON, so each \n is a line of the nested text.
      this.text += (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indentOf(depth)}`);
    } else {
      const { members, empty, close } = layoutOf(value, depth);
      if (members.length === 0) {
        this.text += empty;
        return;
      }
      for (const [prefix, member] of members) {
        this.text += prefix;
        this.add(member, depth + 1);
      }
      this.text += close;
    }
  }

  /** The texts, in order; none empty. */
  done(): string[] {
    this.texts.push(this.text);
    return this.texts.filter((text) => text !== '');
  }
}

/**
 * An array or object as JSON.stringify(value, null, 2) lays it out at `depth`: each member's value and
 * the text before it (the opening bracket or a comma, the indentation, an object's key), the text when
 * it has no member, and its closing line. The one place both jsonPieces and JsonTexts take it from.
 */
function layoutOf(
  value: object,
  depth: number,
): { members: Array<[string, unknown]>; empty: string; close: string } {
  const inner = `\n${indentOf(depth + 1)}`;
  const close = `\n${indentOf(depth)}`;
  if (Array.isArray(value)) {
    // JSON.stringify writes null for what has no JSON form inside an array (holes included).
    const members = Array.from(value, (item: unknown, index): [string, unknown] => [
      `${index === 0 ? '[' : ','}${inner}`,
      hasJsonForm(item) ? item : null,
    ]);
    return { members, empty: '[]', close: `${close}]` };
  }
  const members = Object.entries(value)
    .filter(([, field]) => hasJsonForm(field))
    .map(([key, field], index): [string, unknown] => [
      `${index === 0 ? '{' : ','}${inner}${JSON.stringify(key)}: `,
      field,
    ]);
  return { members, empty: '{}', close: `${close}}` };
}

/** A OneItemPerLine list's text: its items' texts one a line, indented as its depth asks. */
function oneItemPerLine(lines: readonly string[], depth: number): string {
  const inner = `\n${indentOf(depth + 1)}`;
  let text = '';
  for (let index = 0; index < lines.length; index++)
    text += `${index === 0 ? '[' : ','}${inner}${lines[index]}`;
  return text === '' ? '[]' : `${text}\n${indentOf(depth)}]`;
}

/** A plain array or object, opened here; one with a toJSON, or a boxed value, is left to JSON.stringify. */
function isContainer(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function' &&
    !(value instanceof Number || value instanceof String || value instanceof Boolean)
  );
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function hasJsonForm(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}
