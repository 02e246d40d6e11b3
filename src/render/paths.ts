// Where each page lives inside the output directory, and relative links between them, so the site
// works from file:// and from any sub-path of a web server. Every segment built from data goes
// through safeFileName, so nothing can point (or be written) outside the output directory, two names
// never share a file, and no name takes a file the site writes itself.
import { safeFileName } from './safe-file-name.js';

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
  /** A feedback report's page (report ids are file-name safe by their schema). */
  feedbackPage(version: string, report: string, installer: string): string;
  badge(version: string, installer: string, scenario: string, extension: 'svg' | 'json'): string;
}

export const sitePaths: SitePaths = {
  versionDir: (version) => safeFileName(version),
  installerPage: (version, installer) => `${sitePaths.installerDir(version, installer)}.html`,
  installerCsv: (version, installer) => `${sitePaths.installerDir(version, installer)}.csv`,
  installerDir: (version, installer) => `${sitePaths.versionDir(version)}/${safeFileName(installer)}`,
  scenarioPage: (version, installer, scenario) =>
    `${sitePaths.installerDir(version, installer)}/${safeFileName(scenario)}.html`,
  validatedPage: (version) => `${sitePaths.versionDir(version)}/validated.html`,
  changesPage: (version) => `${sitePaths.versionDir(version)}/changes.html`,
  installerFeed: (version, installer) => `${sitePaths.installerDir(version, installer)}.atom`,
  feedbackPage: (version, report, installer) =>
    `${sitePaths.versionDir(version)}/feedback/${report}/${safeFileName(installer)}.html`,
  badgeDir: (version, installer) => `badges/${sitePaths.versionDir(version)}/${safeFileName(installer)}`,
  badge: (version, installer, scenario, extension) =>
    `${sitePaths.badgeDir(version, installer)}/${safeFileName(scenario)}.${extension}`,
};

/**
 * The id of a test case's row in its scenario page's run grid, so a status-page cell can link to the
 * runs behind its points. Test names are data: the id is built like a file name (injective, no `#`).
 */
export function testRunsId(test: string): string {
  return `runs-${safeFileName(test)}`;
}

/** The prefix that leads from a page back to the site root ('' at the root, '../' one folder down…). */
export function rootPrefix(pagePath: string): string {
  return '../'.repeat(pagePath.split('/').length - 1);
}
