// One Handlebars environment for the whole site: templates and partials are read and compiled once
// per templates directory, so rendering hundreds of pages does no file-system reads.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { helpers, PIECE_SINK, PieceSink } from './helpers.js';
import { withoutControlCharacters } from './html.js';
import type { PageModels, PageName } from './page-models/index.js';

/** templates/ beside src/ (and beside dist/ once built): both are two levels below the package root. */
const defaultTemplatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface SiteTemplates {
  /** The page's text in pieces, in order: the items a template lists with {{#each-piece}} each a piece of its own. */
  render<P extends PageName>(page: P, model: PageModels[P]): string[];
  /** assets/<name> → bytes, copied verbatim into the site. */
  assets: ReadonlyMap<string, Buffer>;
}

const cache = new Map<string, SiteTemplates>();

function hbsFiles(dir: string): Array<[string, string]> {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.hbs'))
    .sort()
    .map((file) => [basename(file, '.hbs'), readFileSync(join(dir, file), 'utf8')]);
}

function compileTemplates(dir: string): SiteTemplates {
  const hbs = Handlebars.create();
  hbs.registerHelper(helpers);
  for (const [name, source] of hbsFiles(join(dir, 'partials'))) hbs.registerPartial(name, source);
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  for (const [name, source] of hbsFiles(join(dir, 'pages'))) {
    // strict: a field the model does not have is an error, never an empty string on the page.
    pages.set(name, hbs.compile(source, { strict: true, preventIndent: true }));
  }
  const assets = new Map<string, Buffer>();
  for (const file of readdirSync(join(dir, 'assets')).sort()) {
    assets.set(file, readFileSync(join(dir, 'assets', file)));
  }
  return {
    assets,
    render(page, model) {
      const template = pages.get(page);
      if (!template) throw new Error(`template ${page}.hbs is missing from ${join(dir, 'pages')}`);
      const pieces = new PieceSink();
      const skeleton = template(model, { data: { [PIECE_SINK]: pieces } });
      // Control characters from the data are not allowed in HTML text; the template has none of its own.
      return pieces.inPlace(skeleton, withoutControlCharacters);
    },
  };
}

/** The compiled templates of a directory, compiled on first use. */
export function siteTemplates(dir: string = defaultTemplatesDir): SiteTemplates {
  let templates = cache.get(dir);
  if (!templates) {
    templates = compileTemplates(dir);
    cache.set(dir, templates);
  }
  return templates;
}
