// The static status site: Handlebars pages built from the verdict and the state, written atomically.
// renderSite renders in memory (tests and benchmarks read it); writeSite writes each file as it is
// rendered into a new release and switches the site to it.
export { renderSite } from './site.js';
export { indentOf, jsonPieces, OneItemPerLine } from './json-text.js';
export type { RenderOptions } from './site.js';
export { writeSite } from './write-site.js';
export { safeFileName } from './safe-file-name.js';
export { sitePaths } from './paths.js';
export { locateChromium, type ChromiumSearch, type LocatedChromium } from './chromium.js';
export { historyCsv, csvCell } from './csv.js';
export type { SiteFiles, SiteInput, WriteSiteOptions } from './types.js';
export { installerFeed, xmlText } from './atom.js';
export { badgeEndpointJson, badgeOf, badgeSvg } from './badges.js';
