// Markup made in code is escaped by construction: a value is escaped unless it is markup made by html.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { html, joinHtml } from '../../src/render/html.js';
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
