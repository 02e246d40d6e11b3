// Markup made in code is escaped by construction: a value is escaped unless it is markup made by html.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { html, joinHtml, madeHere } from '../../src/render/html.js';
import { root } from '../support/cli.js';

describe('html', () => {
  it('escapes every value put into it', () => {
    const hostile = `"><img src=x onerror=alert(1)> & 'quoted' \`tick\``;
    expect(html`<td title="${hostile}">${hostile}</td>`.toHTML()).toBe(
      '<td title="&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; &#x27;quoted&#x27; &#x60;tick&#x60;">' +
        '&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; &#x27;quoted&#x27; &#x60;tick&#x60;</td>',
    );
  });

  it('puts markup made by html in as it is, once, and joins pieces', () => {
    const mark = html`<b>${'<i>'}</b>`;
    expect(joinHtml([html`<td>${mark}</td>`, html`<td></td>`]).toHTML()).toBe(
      '<td><b>&lt;i&gt;</b></td><td></td>',
    );
  });
});

describe('markup made in code is clean of control characters as it is made', () => {
  it('replaces each control character HTML does not allow in a value, and keeps tabs and line ends', () => {
    const value = 'a\u0000b\u0008c\td\ne\rf\u000Bg\u001Fh\u007Fi';
    expect(html`<td title="${value}">${value}</td>`.toHTML()).toBe(
      '<td title="a\uFFFDb\uFFFDc\td\ne\rf\uFFFDg\uFFFDh\uFFFDi">a\uFFFDb\uFFFDc\td\ne\rf\uFFFDg\uFFFDh\uFFFDi</td>',
    );
  });

  it('cleans a long value as a short one, wherever its control character is', () => {
    for (const length of [1, 255, 256, 257, 5000]) {
      for (const at of [0, length - 1]) {
        const value = `${'x'.repeat(at)}\u007F${'y'.repeat(length - 1 - at)}`;
        expect(html`${value}`.toHTML()).toBe(`${'x'.repeat(at)}\uFFFD${'y'.repeat(length - 1 - at)}`);
      }
    }
  });

  it('cleans markup it did not make when it puts it in, and says which it made', () => {
    const foreign = new Handlebars.SafeString('<b>\u0001</b>');
    expect(html`<td>${foreign}</td>`.toHTML()).toBe('<td><b>\uFFFD</b></td>');
    expect(joinHtml([foreign, html`<i>${'\u0002'}</i>`]).toHTML()).toBe('<b>\uFFFD</b><i>\uFFFD</i>');
    expect(madeHere(html`<i></i>`)).toBe(true);
    expect(madeHere(joinHtml([foreign]))).toBe(true);
    expect(madeHere(foreign)).toBe(false);
    expect(madeHere('<i></i>')).toBe(false);
  });
});

describe('the templates', () => {
  it('use no triple-stash: every value they show is escaped, or markup made by html', async () => {
    const dir = join(root, 'templates');
    const templates = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.hbs'));
    expect(templates.length).toBeGreaterThan(5);
    for (const name of templates) {
      expect(await readFile(join(dir, name), 'utf8'), name).not.toContain('{{{');
    }
  });
});
