// The static status site: Handlebars pages built from the verdict and the state, written atomically.
// renderSite renders in memory (benchmarks time it alone); writeSite renders and swaps the output folder.
export { renderSite } from './site.js';
export { jsonPieces } from './json-text.js';
export type { RenderOptions } from './site.js';
export { writeSite } from './write-site.js';
export { safeFileName } from './safe-file-name.js';
export { sitePaths } from './paths.js';
export { locateChromium, type ChromiumSearch, type LocatedChromium } from './chromium.js';
export { historyCsv, csvCell } from './csv.js';
export type { SiteFiles, SiteInput, WriteSiteOptions } from './types.js';
export { installerFeed, xmlText } from './atom.js';
export { badgeEndpointJson, badgeOf, badgeSvg } from './badges.js';
