// Markup made in code, escaped by construction: every value put into it is escaped with Handlebars' own
// escapeExpression unless it is markup made here too. The result is a Handlebars SafeString, so a
// template shows it with {{ }} like any other field and never needs a raw {{{ }}}: nothing from the
// database can reach a page unescaped by forgetting to escape one field.
import Handlebars from 'handlebars';

export type Html = Handlebars.SafeString;

const escape = Handlebars.Utils.escapeExpression;

/** html`<td title="${title}">${cell}</td>`: each value escaped, unless it is Html itself. */
export function html(strings: TemplateStringsArray, ...values: ReadonlyArray<string | Html>): Html {
  let text = strings[0] ?? '';
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? '';
    text += (typeof value === 'string' ? escape(value) : value.toHTML()) + (strings[index + 1] ?? '');
  }
  return new Handlebars.SafeString(text);
}

/** Pieces of markup one after the other. */
export function joinHtml(pieces: readonly Html[]): Html {
  return new Handlebars.SafeString(pieces.map((piece) => piece.toHTML()).join(''));
}
