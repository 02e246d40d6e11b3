// {{#each-piece}} renders a list as {{#each}} does, each item's text a piece of the page of its own
// (render/helpers.ts): the pieces joined are the page {{#each}} gives, whatever the data holds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { siteTemplates } from '../../src/render/environment.js';
import { html } from '../../src/render/html.js';
import type { PageModels } from '../../src/render/page-models/index.js';

// eslint-disable-next-line no-control-regex -- the characters a page must not hold
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * The templates of a folder whose index page lists rows with `each`, a list nested in each row, a partial
 * and an else; compiled when first used, so the folder goes at once.
 */
function templatesWith(each: string, page?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'each-piece-'));
  for (const folder of ['pages', 'partials', 'assets']) mkdirSync(join(dir, folder));
  writeFileSync(join(dir, 'partials', 'cell.hbs'), '<td>{{this}}</td>');
  writeFileSync(
    join(dir, 'pages', 'index.hbs'),
    page ??
      [
        '<h1>{{title}}</h1>',
        `{{#${each} rows}}<tr data-i="{{@index}}"{{#if @first}} class="first"{{/if}}{{#if @last}} class="last"{{/if}}>`,
        `<th>{{name}} of {{../title}}</th>{{#${each} cells}}{{> cell}}{{/${each}}}</tr>`,
        `{{else}}<p>no rows in {{title}}</p>{{/${each}}}`,
        '{{#each groups}}<section>{{label}}' +
          `{{#${each} rows}}<p>{{this}}</p>{{/${each}}}</section>{{/each}}`,
        '<footer>{{title}}</footer>',
      ].join('\n'),
  );
  const templates = siteTemplates(dir);
  rmSync(dir, { recursive: true });
  return templates;
}

const plain = templatesWith('each');
const inPieces = templatesWith('each-piece');
const render = (templates: typeof plain, model: unknown) =>
  templates.render('index', model as PageModels['index']);

const text = fc.string({ unit: 'binary', maxLength: 12 });
const record = <T>(fields: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(fields, { noNullPrototype: true });
const model = record({
  title: text,
  rows: fc.array(record({ name: text, cells: fc.array(text, { maxLength: 3 }) }), { maxLength: 5 }),
  groups: fc.array(record({ label: text, rows: fc.array(text, { maxLength: 3 }) }), { maxLength: 3 }),
});

describe('{{#each-piece}}', () => {
  it('gives, joined, the page {{#each}} gives, for any text in the data (control characters, marks)', () => {
    fc.assert(
      fc.property(model, (page) => {
        expect(render(inPieces, page).join('')).toBe(render(plain, page).join(''));
      }),
    );
  });

  it('keeps each row of the outer list a piece of its own, the lists nested in a row inside it', () => {
    const page = {
      title: 'T',
      rows: [
        { name: 'a', cells: ['1', '2'] },
        { name: 'b', cells: [] },
      ],
      groups: [],
    };
    expect(render(inPieces, page)).toEqual([
      '<h1>T</h1>\n',
      '<tr data-i="0" class="first">\n<th>a of T</th><td>1</td><td>2</td></tr>\n',
      '<tr data-i="1" class="last">\n<th>b of T</th></tr>\n',
      '\n\n<footer>T</footer>',
    ]);
  });

  it('keeps markup made in code a piece of its own with {{made-piece}}, the page the same as with {{}}', () => {
    const templates = (cell: string) =>
      templatesWith('each-piece', `{{#each-piece rows}}<tr><th>{{name}}</th>${cell}</tr>{{/each-piece}}`);
    const madePieces = templates('{{made-piece cells}}');
    const shown = templates('{{cells}}');
    fc.assert(
      fc.property(fc.array(record({ name: text, cells: text }), { maxLength: 4 }), (rows) => {
        const page = {
          rows: rows.map(({ name, cells }) => ({ name, cells: html`<td title="${cells}">${cells}</td>` })),
        };
        const pieces = render(madePieces, page);
        expect(pieces.join('')).toBe(render(shown, page).join(''));
        expect(pieces.join('')).not.toMatch(CONTROL);
        // The text before and after the list, and each row's head, cells and end.
        expect(pieces).toHaveLength(rows.length === 0 ? 1 : 2 + rows.length * 3);
      }),
    );
    // Anything but markup made in code is shown as {{}} shows it, and cleaned with the page.
    const other = {
      rows: [
        { name: 'a', cells: '<b>\u0001' },
        { name: 'b', cells: new Handlebars.SafeString('<i>\u0002</i>') },
      ],
    };
    expect(render(madePieces, other).join('')).toBe(render(shown, other).join(''));
    expect(render(madePieces, other).join('')).toBe(
      '<tr><th>a</th>&lt;b&gt;\uFFFD</tr><tr><th>b</th><i>\uFFFD</i></tr>',
    );
  });

  it('refuses a field the model does not have, as a strict template does', () => {
    const madePieces = templatesWith(
      'each-piece',
      '{{#each-piece rows}}<tr>{{made-piece cells}}</tr>{{/each-piece}}',
    );
    expect(() => render(madePieces, { rows: [{ name: 'a' }] })).toThrow('a field the model does not have');
  });

  it('cannot be misled by data that spells out a mark: its key is drawn at random', () => {
    const forged = ['\u0000', '0', '\u0000'].join('');
    const page = {
      title: forged,
      rows: [{ name: forged, cells: [forged] }],
      groups: [{ label: forged, rows: [] }],
    };
    const pieces = render(inPieces, page);
    expect(pieces.join('')).toBe(render(plain, page).join(''));
    expect(pieces.join('')).not.toContain('\u0000');
  });
});
