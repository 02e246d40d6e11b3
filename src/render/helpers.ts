// Every Handlebars helper of the site, in one place. Templates only use if/each and these;
// the only helper that returns markup builds it from numbers (see svg.ts).
import { randomUUID } from 'node:crypto';
import type { HelperDelegate, HelperOptions } from 'handlebars';
import Handlebars from 'handlebars';
import { madeHere } from './html.js';
import { sparklineSvg } from './svg.js';

/** The key of a render's PieceSink in the data Handlebars hands every helper. */
export const PIECE_SINK = 'pieceSink';

/**
 * Where {{#each-piece}} keeps the texts of its items during one render of a page (environment.ts).
 * A page made one string of more than ~64k characters lands in V8's large-object space, on memory touched
 * for the first time: a scenario page of 30 test cases × 46 runs took 2.1 ms to render, 0.8 ms with its
 * rows kept apart as short strings, which the release writer encodes one after another
 * (publish/write-release.ts). The page's own text holds a mark where each list goes, and where each
 * piece of markup made in code goes ({{made-piece}}); a mark carries a key drawn at random for the
 * process, so no text from the data can forge one.
 */
export class PieceSink {
  private readonly lists: string[][] = [];
  private readonly made: string[] = [];
  /** Items being rendered: a list inside an item stays in the item's text. */
  depth = 0;

  mark(items: string[]): string {
    this.lists.push(items);
    return `${MARK}${this.lists.length - 1}${MARK}`;
  }

  /** Markup made in code (render/html.ts), kept as a piece of its own that is clean already. */
  markMade(text: string): string {
    this.made.push(text);
    return `${MARK}${MADE}${this.made.length - 1}${MARK}`;
  }

  /**
   * The page's text with each list and each piece of made markup in place of its mark, as pieces in
   * order; `clean` is applied to every piece but the made markup.
   */
  inPlace(page: string, clean: (text: string) => string): string[] {
    if (this.lists.length === 0 && this.made.length === 0) return [clean(page)];
    const pieces: string[] = [];
    const listPlaced = this.lists.map(() => false);
    const madePlaced = this.made.map(() => false);
    // text, mark, text, …, text: the marks found one after the other, no array made of the parts.
    const place = (text: string, inList: boolean) => {
      let from = 0;
      for (let open = text.indexOf(MARK); open !== -1; open = text.indexOf(MARK, from)) {
        const close = text.indexOf(MARK, open + MARK.length);
        if (close === -1) throw new Error("a page's mark is not closed");
        pieces.push(clean(text.slice(from, open)));
        placeMark(text.slice(open + MARK.length, close), inList);
        from = close + MARK.length;
      }
      pieces.push(clean(from === 0 ? text : text.slice(from)));
    };
    const placeMark = (mark: string, inList: boolean) => {
      const made = mark.startsWith(MADE);
      const index = Number(made ? mark.slice(MADE.length) : mark);
      const placed = made ? madePlaced : listPlaced;
      if (placed[index] !== false || (!made && inList))
        throw new Error(`a page's piece ${mark} is unknown, placed twice, or a list in a list`);
      placed[index] = true;
      if (made) pieces.push(this.made[index] as string);
      else for (const item of this.lists[index] as string[]) place(item, true);
    };
    place(page, false);
    if (listPlaced.includes(false) || madePlaced.includes(false))
      throw new Error("a page's piece was not placed");
    return pieces;
  }
}

const MARK = `\u0000${randomUUID()}\u0000`;
const MADE = 'made';

/** {{#each-piece list}}…{{else}}…{{/each-piece}}: {{#each}} over an array, each item's text kept apart. */
function eachPiece(this: unknown, list: unknown, options: HelperOptions): string {
  if (!Array.isArray(list)) throw new TypeError('the each-piece helper takes an array');
  if (list.length === 0) return options.inverse(this);
  const found = (options.data as Record<string, unknown> | undefined)?.[PIECE_SINK];
  const sink = found instanceof PieceSink ? found : null;
  if (sink) sink.depth++;
  const items = list.map((item: unknown, index) => {
    const data = Handlebars.createFrame(options.data) as Record<string, unknown>;
    Object.assign(data, { key: index, index, first: index === 0, last: index === list.length - 1 });
    return options.fn(item, { data, blockParams: [item, index] });
  });
  if (sink === null) return items.join('');
  sink.depth--;
  return sink.depth > 0 ? items.join('') : sink.mark(items);
}

function numbersOnly(value: unknown): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
    throw new TypeError('the sparkline helper takes an array of numbers');
  }
  return value;
}

/**
 * {{made-piece cells}}: markup made in code (render/html.ts), shown as a piece of its own, so the page's
 * cleaning does not read it again; any other value is shown as {{cells}} would show it.
 */
function madePiece(value: unknown, options: HelperOptions): unknown {
  // Strict templates refuse a missing field, but not in a helper's argument: refused here.
  if (value === undefined)
    throw new TypeError('the made-piece helper was given a field the model does not have');
  const found = (options.data as Record<string, unknown> | undefined)?.[PIECE_SINK];
  if (!(found instanceof PieceSink) || !madeHere(value)) return value;
  return new Handlebars.SafeString(found.markMade((value as Handlebars.SafeString).toHTML()));
}

export const helpers: Record<string, HelperDelegate> = {
  'made-piece': madePiece,
  sparkline: (percents: unknown) => new Handlebars.SafeString(sparklineSvg(numbersOnly(percents))),
  'each-piece': eachPiece,
};
