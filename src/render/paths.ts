// Where each page lives inside the output directory, and relative links between them, so the site
// works from file:// and from any sub-path of a web server. Every segment built from data goes
// through safeFileName, so nothing can point (or be written) outside the output directory.
import { safeFileName } from './safe-file-name.js';

/** Names the site writes at its root and inside a version folder; data-built names never take them. */
const ROOT_NAMES = new Set(['assets', 'badges', 'index.html', 'status.json']);
const VERSION_NAMES = new Set(['validated', 'changes']);

export interface SitePaths {
  versionDir(version: string): string;
  installerPage(version: string, installer: string): string;
  installerCsv(version: string, installer: string): string;
  installerDir(version: string, installer: string): string;
  scenarioPage(version: string, installer: string, scenario: string): string;
  validatedPage(version: string): string;
  changesPage(version: string): string;
  installerFeed(version: string, installer: string): string;
  badgeDir(version: string, installer: string): string;
  badge(version: string, installer: string, scenario: string, extension: 'svg' | 'json'): string;
}

export const sitePaths: SitePaths = {
  versionDir: (version) => safeFileName(version, ROOT_NAMES),
  installerPage: (version, installer) => `${sitePaths.installerDir(version, installer)}.html`,
  installerCsv: (version, installer) => `${sitePaths.installerDir(version, installer)}.csv`,
  installerDir: (version, installer) =>
    `${sitePaths.versionDir(version)}/${safeFileName(installer, VERSION_NAMES)}`,
  scenarioPage: (version, installer, scenario) =>
    `${sitePaths.installerDir(version, installer)}/${safeFileName(scenario)}.html`,
  validatedPage: (version) => `${sitePaths.versionDir(version)}/validated.html`,
  changesPage: (version) => `${sitePaths.versionDir(version)}/changes.html`,
  installerFeed: (version, installer) => `${sitePaths.installerDir(version, installer)}.atom`,
  badgeDir: (version, installer) => `badges/${sitePaths.versionDir(version)}/${safeFileName(installer)}`,
  badge: (version, installer, scenario, extension) =>
    `${sitePaths.badgeDir(version, installer)}/${safeFileName(scenario)}.${extension}`,
};

/** The prefix that leads from a page back to the site root ('' at the root, '../' one folder down…). */
export function rootPrefix(pagePath: string): string {
  return '../'.repeat(pagePath.split('/').length - 1);
}
