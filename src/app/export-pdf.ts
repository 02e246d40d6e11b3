// `export pdf`: each installer's status page of the published site, printed by Chromium with the site's
// print stylesheet (A4 landscape), written to <out>/pdf/<version>/<installer>.pdf for release meetings.
// The Chromium is the one the browser tests use (render/chromium.ts): the system's first, else the npm
// package's.
import { mkdir, mkdtemp, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, type Logger } from '../core/index.js';
import { locateChromium, sitePaths, type LocatedChromium } from '../render/index.js';
import { siteLayout } from '../publish/index.js';
import { inScope } from './published-view.js';

export interface ExportPdfOptions {
  /** The --out folder of `generate`: the published site is its `current` release. */
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

/** The published release, resolved once so that a run publishing meanwhile cannot mix two sites. */
async function publishedSite(outDir: string): Promise<string> {
  try {
    return await realpath(siteLayout(outDir).current);
  } catch (error) {
    throw new ConfigError(
      `no site to print in ${outDir} (${(error as Error).message}): ` +
        'run scenario-report generate first, or name the site with --out',
    );
  }
}

/** The status pages asked for, relative to the site, as the site's status.json lists them. */
async function statusPages(site: string, options: ExportPdfOptions): Promise<string[]> {
  let status: StatusPages;
  try {
    status = JSON.parse(await readFile(join(site, 'status.json'), 'utf8')) as StatusPages;
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

/** Prints the status pages; the PDF files written. */
export async function exportPdf(options: ExportPdfOptions): Promise<string[]> {
  const site = await publishedSite(options.outDir);
  const pages = await statusPages(site, options);
  const pdfDir = siteLayout(options.outDir).pdf;
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
      await tab.goto(pathToFileURL(join(site, page)).href, { waitUntil: 'load' });
      // page.pdf() prints without the browser's print events: the page's own handler readies it for paper.
      await tab.evaluate("window.dispatchEvent(new Event('beforeprint'))");
      const pdf = await tab.pdf({ preferCSSPageSize: true, printBackground: true });
      await tab.close();
      const target = join(pdfDir, page.replace(/\.html$/, '.pdf'));
      // Whole or not at all: a reader never finds half a PDF where last meeting's was.
      await mkdir(dirname(target), { recursive: true });
      await writeFile(`${target}.tmp`, pdf);
      await rename(`${target}.tmp`, target);
      options.logger.info('pdf.written', { file: target, bytes: pdf.length });
      written.push(target);
    }
    return written;
  } finally {
    await browser.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
