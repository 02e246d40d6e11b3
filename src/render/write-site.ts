// The site writer: publish the site as a new release of the site folder, each file rendered as the
// release is written, together with the state when one is given (src/publish: one commit for both,
// crash-safe: a file that cannot be rendered leaves the previous site and state as they were).
import { publish } from '../publish/index.js';
import { sitePaths } from './paths.js';
import { siteFiles } from './site.js';
import type { SiteInput, WriteSiteOptions } from './types.js';

export async function writeSite(
  input: SiteInput,
  options: WriteSiteOptions,
): Promise<{ files: number; release: string }> {
  const files = siteFiles(input);
  // A partial run or a backfill writes only its own files; the rest of the current release is carried
  // over byte for byte (with no release yet, everything is written).
  const owns = options.historyOnly
    ? isHistoryFile
    : options.scope
      ? scopeOf(input, options.scope.installers)
      : undefined;
  return publish(
    { files, ...(owns ? { owns } : {}) },
    {
      outDir: options.outDir,
      ...(options.state ? { state: options.state } : {}),
      ...(options.fs ? { fs: options.fs } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    },
  );
}

/** The files a backfill of an earlier day rewrites: those that show the history, not the current day. */
function isHistoryFile(path: string): boolean {
  return (
    path === 'status.json' ||
    path.endsWith('/validated.html') ||
    path.endsWith('/changes.html') ||
    (!path.startsWith('badges/') && (path.endsWith('.csv') || path.endsWith('.atom')))
  );
}

/** Files a scoped run rewrites: the scoped installers' pages, and the site-wide pages that list every installer. */
function scopeOf(input: SiteInput, installers: string[]): (path: string) => boolean {
  const wanted = new Set(installers);
  const matches = (installer: string) =>
    wanted.has(installer) || wanted.has(installer.split('@')[0] ?? installer);
  const own = new Set<string>();
  const dirs: string[] = [];
  for (const version of input.verdict.versions) {
    for (const { installer } of version.installers.filter((i) => matches(i.installer))) {
      own.add(sitePaths.installerPage(version.version, installer));
      own.add(sitePaths.installerCsv(version.version, installer));
      own.add(sitePaths.installerFeed(version.version, installer));
      dirs.push(sitePaths.installerDir(version.version, installer));
      dirs.push(sitePaths.badgeDir(version.version, installer));
      for (const page of input.feedback ?? []) {
        if (page.version === version.version && page.installer === installer) {
          own.add(sitePaths.feedbackPage(version.version, page.report.id, installer));
        }
      }
    }
  }
  const siteWide = (path: string) =>
    path === 'index.html' ||
    path === 'status.json' ||
    path.startsWith('assets/') ||
    path.endsWith('/validated.html') ||
    path.endsWith('/changes.html');
  return (path: string) => siteWide(path) || own.has(path) || dirs.some((dir) => path.startsWith(`${dir}/`));
}
