// Markup made in code, escaped by construction: every value put into it is escaped with Handlebars' own
// escapeExpression unless it is markup made here too. The result is a Handlebars SafeString, so a
// template shows it with {{ }} like any other field and never needs a raw {{{ }}}: nothing from the
// database can reach a page unescaped by forgetting to escape one field.
//
// Control characters from the data are not allowed in HTML text: every page is cleaned of them as it
// is rendered (environment.ts), and markup made here is clean as it is made, each value as it is
// escaped, so a page need not read it again (the run grid's cells are most of a site's bytes).
import Handlebars from 'handlebars';

export type Html = Handlebars.SafeString;

const escape = Handlebars.Utils.escapeExpression;

// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** The text with each control character that HTML does not allow replaced by U+FFFD. */
export const withoutControlCharacters = (text: string): string => text.replace(CONTROL_CHARACTERS, '\uFFFD');

/**
 * withoutControlCharacters for a value: a value is short, and a call into the regular expression costs
 * more than looking at it (hundreds of thousands of values a site). Only a value that may hold one
 * goes to it; which characters are replaced is the regular expression's to say.
 */
function cleanValue(value: string): string {
  if (value.length > SHORT_VALUE) return withoutControlCharacters(value);
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit < 0x20 || unit === 0x7f) return withoutControlCharacters(value);
  }
  return value;
}

/** Looked at unit by unit up to this length; searched with the regular expression beyond. */
const SHORT_VALUE = 256;

/** Markup made by html and joinHtml: escaped and without control characters. */
class MadeHtml extends Handlebars.SafeString {}

/** Whether the markup was made here, from text escaped and cleaned of control characters. */
export const madeHere = (value: unknown): boolean => value instanceof MadeHtml;

const madeMarkup = (text: string): Html => new MadeHtml(text);

/** html`<td title="${title}">${cell}</td>`: each value escaped, unless it is Html itself. */
export function html(strings: TemplateStringsArray, ...values: ReadonlyArray<string | Html>): Html {
  let text = strings[0] ?? '';
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? '';
    const markup = typeof value === 'string' ? cleanValue(escape(value)) : cleanMarkup(value);
    text += markup + (strings[index + 1] ?? '');
  }
  return madeMarkup(text);
}

/** Pieces of markup one after the other. */
export function joinHtml(pieces: readonly Html[]): Html {
  return madeMarkup(pieces.map(cleanMarkup).join(''));
}

/** Markup's text, cleaned of control characters unless it was made here. */
const cleanMarkup = (markup: Html): string =>
  madeHere(markup) ? markup.toHTML() : withoutControlCharacters(markup.toHTML());
