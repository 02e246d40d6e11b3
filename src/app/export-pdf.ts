// `export pdf`: each installer's status page, printed by Chromium with the site's print stylesheet
// (A4 landscape), written beside it as <version>/<installer>.pdf for release meetings. The Chromium is
// the one the browser tests use (render/chromium.ts): the system's first, else the npm package's.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, type Logger } from '../core/index.js';
import { locateChromium, sitePaths, type LocatedChromium } from '../render/index.js';
import { inScope } from './published-view.js';

export interface ExportPdfOptions {
  /** The site folder `generate` wrote (its status.json lists the status pages). */
  outDir: string;
  versions: readonly string[];
  installers: readonly string[];
  logger: Logger;
  /** Where SCENARIO_REPORT_CHROMIUM, PATH and XDG_CACHE_HOME are read. */
  env: Readonly<Record<string, string | undefined>>;
}

const INSTALL_HINT =
  'Install one: apt-get install chromium (Debian, Ubuntu), or npm install @sparticuz/chromium beside ' +
  'scenario-report, or set SCENARIO_REPORT_CHROMIUM to a Chromium binary.';

interface StatusPages {
  versions: { version: string; installers: { installer: string }[] }[];
}

/** The status pages asked for, relative to outDir, as the site's status.json lists them. */
async function statusPages(options: ExportPdfOptions): Promise<string[]> {
  let status: StatusPages;
  try {
    status = JSON.parse(await readFile(join(options.outDir, 'status.json'), 'utf8')) as StatusPages;
  } catch (error) {
    throw new ConfigError(
      `no site to print in ${options.outDir} (${(error as Error).message}): ` +
        'run scenario-report generate first, or name the site with --out',
    );
  }
  const pages = status.versions
    .filter((version) => options.versions.length === 0 || options.versions.includes(version.version))
    .flatMap((version) =>
      version.installers
        .filter((entry) => options.installers.length === 0 || inScope(entry.installer, options.installers))
        .map((entry) => sitePaths.installerPage(version.version, entry.installer)),
    );
  if (pages.length === 0) {
    throw new ConfigError(`no status page in ${options.outDir} matches --version and --installer`);
  }
  return pages;
}

async function chromiumFor(env: ExportPdfOptions['env']): Promise<LocatedChromium> {
  const cacheHome = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  try {
    return await locateChromium({ env, cacheDir: join(cacheHome, 'scenario-report') });
  } catch (error) {
    throw new ConfigError(`export pdf needs Chromium: ${(error as Error).message} ${INSTALL_HINT}`);
  }
}

async function playwrightCore(): Promise<typeof import('playwright-core')> {
  try {
    return await import('playwright-core');
  } catch {
    throw new ConfigError(
      'export pdf needs playwright-core: npm install playwright-core beside scenario-report',
    );
  }
}

/** Prints the status pages; the PDF paths written, relative to outDir. */
export async function exportPdf(options: ExportPdfOptions): Promise<string[]> {
  const pages = await statusPages(options);
  const chromium = await chromiumFor(options.env);
  const playwright = await playwrightCore();
  // Chromium leaves files of its own in TMPDIR: a folder of this run's, removed after it, with a short
  // name because Chromium's socket inside it must fit in a socket path (108 bytes).
  const scratch = await mkdtemp(join(tmpdir(), 'srpdf-'));
  const browser = await playwright.chromium.launch({
    executablePath: chromium.executablePath,
    args: ['--headless', '--no-sandbox', '--no-first-run', ...chromium.args],
    env: { ...options.env, TMPDIR: scratch },
  });
  try {
    const written: string[] = [];
    for (const page of pages) {
      const tab = await browser.newPage();
      await tab.goto(pathToFileURL(join(options.outDir, page)).href, { waitUntil: 'load' });
      const pdf = await tab.pdf({ preferCSSPageSize: true, printBackground: true });
      await tab.close();
      const target = page.replace(/\.html$/, '.pdf');
      await writeFile(join(options.outDir, target), pdf);
      options.logger.info('pdf.written', { file: target, bytes: pdf.length });
      written.push(target);
    }
    return written;
  } finally {
    await browser.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
