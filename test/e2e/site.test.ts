/// <reference lib="dom" />
// The site in real headless Chromium (the system's, else the npm package's: src/render/chromium.ts),
// driven by playwright-core: a fixture site with hostile names, and the sample output as `npm start`
// writes it, several report days in a row. The page callbacks below run inside Chromium, hence the
// DOM types.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateChromium } from '../../src/render/chromium.js';
import { sitePaths, writeSite } from '../../src/render/index.js';
import { busyInstaller, installer, scenario, siteInput, verdict, version } from '../support/builders.js';
import { cli, root } from '../support/cli.js';
import { sitePath } from '../support/site.js';

/** Screenshots of every run land here (git-ignored); `npm run screenshots` also refreshes the README's. */
const SCREENSHOTS = join(root, 'test-results');
const README_SCREENSHOT = join(root, 'docs/status-page.png');
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const HOSTILE = '<img src=x onerror=alert(1)>';
const fuel = busyInstaller('fuel', 24);
fuel.scenarios.push(scenario({ scenario: HOSTILE }));
const input = siteInput({
  verdict: verdict([version('master', [fuel, busyInstaller('apex', 4), installer('joid')])]),
  validated: {
    master: {
      fuel: {
        [fuel.scenarios[0]!.scenario]: {
          firstValidated: '2016-07-02',
          lastValidated: '2016-07-14',
          validatedDays: 13,
        },
      },
    },
  },
});
const rowCount = fuel.scenarios.length;

let browser: Browser;
let work: string;
let site: string;

/** Opens a page and records every console error, page error and dialog (an alert would mean injected script ran). */
async function open(
  path: string,
  options: BrowserContextOptions = {},
  base = site,
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(join(base, path)).href);
  return { page, problems };
}

/** A PDF of at least one page, every page A4 landscape (842 × 595 points, to a point). */
function expectA4Landscape(pdf: Buffer): void {
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-')).toBe(true);
  expect((text.match(/\/Type\s*\/Page(?!s)/g) ?? []).length).toBeGreaterThan(0);
  const sizes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((match) => [
    Math.round(Number(match[1])),
    Math.round(Number(match[2])),
  ]);
  expect(sizes.length).toBeGreaterThan(0);
  for (const [width, height] of sizes) {
    expect(Math.abs((width ?? 0) - 842)).toBeLessThanOrEqual(1);
    expect(Math.abs((height ?? 0) - 595)).toBeLessThanOrEqual(1);
  }
}

async function columnKeys(page: Page, column: number): Promise<number[]> {
  return page.$$eval(
    '#scenarios tbody tr',
    (rows, index) =>
      rows.map((row) => Number((row as HTMLTableRowElement).cells[index]!.getAttribute('data-sort'))),
    column,
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-e2e-'));
  const { executablePath, args } = await locateChromium({
    env: process.env,
    cacheDir: join(root, 'node_modules/.cache/scenario-report'),
  });
  browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
    // Chromium leaves files of its own in TMPDIR: this suite's folder, not the system's.
    env: { ...process.env, TMPDIR: work },
  });
  await writeSite(input, { outDir: join(work, 'out') });
  site = sitePath(join(work, 'out'));
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('status page in a browser (file://)', () => {
  const statusPage = sitePaths.installerPage('master', 'fuel');

  it('shows one row per scenario, the hostile name as text', async () => {
    const { page } = await open(statusPage);
    await expect.poll(() => page.locator('#scenarios tbody tr').count()).toBe(rowCount);
    expect(await page.locator('#scenarios tbody th.scenario a', { hasText: HOSTILE }).count()).toBe(1);
    await page.context().close();
  });

  it('sorts by a column when its header is clicked, then reverses', async () => {
    const { page } = await open(statusPage);
    await page.getByRole('button', { name: 'Percent' }).click();
    const ascending = await columnKeys(page, 3);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(new Set(ascending).size).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Percent' }).click();
    expect(await columnKeys(page, 3)).toEqual([...ascending].sort((a, b) => b - a));
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Percent');
    await page.context().close();
  });

  it('hides the rows the filter does not match', async () => {
    const { page } = await open(statusPage);
    await page.getByLabel('Filter scenarios').fill('noha');
    const expected = fuel.scenarios.filter((s) => s.scenario.includes('noha')).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(rowCount);
    expect(await page.locator('#scenarios tbody tr:visible').count()).toBe(expected);
    expect(await page.locator('.filter-count').textContent()).toBe(`${expected} of ${rowCount} shown`);
    await page.getByLabel('Filter scenarios').fill('');
    expect(await page.locator('#scenarios tbody tr:visible').count()).toBe(rowCount);
    await page.context().close();
  });

  it.each([
    ['index.html'],
    [statusPage],
    [sitePaths.scenarioPage('master', 'fuel', HOSTILE)],
    [sitePaths.validatedPage('master')],
  ])('loads %s without console errors, page errors or dialogs', async (path) => {
    const { page, problems } = await open(path);
    await page.waitForLoadState('load');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('keeps the table complete with JavaScript disabled', async () => {
    const { page } = await open(statusPage, { javaScriptEnabled: false });
    expect(await page.locator('#scenarios tbody tr').count()).toBe(rowCount);
    expect(await page.locator('#scenarios tbody tr:visible').count()).toBe(rowCount);
    const columns = await page.locator('#scenarios thead th').count();
    const cellsPerRow = await page.$$eval('#scenarios tbody tr', (rows) =>
      rows.map((row) => (row as HTMLTableRowElement).cells.length),
    );
    expect(new Set(cellsPerRow)).toEqual(new Set([columns]));
    expect(await page.locator('button.sort, .filter').count()).toBe(0);
    await page.context().close();
  });

  it('follows the colour scheme of the system, and takes screenshots of both', async () => {
    const backgrounds: string[] = [];
    for (const [colorScheme, file] of [
      ['light', join(SCREENSHOTS, 'fixture-status-page.png')],
      ['dark', join(SCREENSHOTS, 'fixture-status-page-dark.png')],
    ] as const) {
      const { page } = await open(statusPage, { colorScheme });
      backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      await page.screenshot({ path: file });
      await page.context().close();
    }
    expect(backgrounds[0]).not.toBe(backgrounds[1]);
  });

  it.each(['light', 'dark'] as const)(
    'finds no serious accessibility violation on the status page with hostile names (%s)',
    async (colorScheme) => {
      const { page } = await open(statusPage, { colorScheme });
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.context().close();
    },
  );

  it('fits a phone screen without the page itself scrolling sideways', async () => {
    const { page } = await open(statusPage, { viewport: { width: 390, height: 844 }, isMobile: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'fixture-status-page-phone.png') });
    await page.context().close();
  });
});

/** axe-core's WCAG 2 A/AA rules (colour contrast included) on the page as it is. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() =>
    (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }
    ).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

/** The parts of status.json the browser tests compare the pages with. */
interface SampleStatus {
  versions: Array<{
    version: string;
    installers: Array<{ installer: string; scenarios: Array<{ scenario: string; condition: string }> }>;
    blockers: Array<{ testCase: string }>;
  }>;
}

describe('the sample output in a browser', () => {
  const statusPage = sitePaths.installerPage('colorado', 'fuel');
  const pages = [
    'index.html',
    statusPage,
    sitePaths.scenarioPage('colorado', 'fuel', 'os-nosdn-ovs-noha'),
    sitePaths.validatedPage('colorado'),
    sitePaths.changesPage('colorado'),
    sitePaths.feedbackPage('colorado', 'tempest', 'apex'),
    sitePaths.feedbackPage('colorado', 'vims', 'compass'),
  ];
  let sample: string;

  beforeAll(async () => {
    sample = await mkdtemp(join(tmpdir(), 'scenario-report-e2e-sample-'));
    // A first deployment's backfilled fortnight, as `npm start` makes it: one process replays 14 report
    // days, so trends, "validated since" and changes have history.
    const result = spawnSync(
      process.execPath,
      [
        cli,
        'generate',
        '--source',
        `file:${join(root, 'examples/results.sample.ndjson')}`,
        '--criteria',
        join(root, 'criteria'),
        '--as-of',
        '2016-07-14',
        '--backfill',
        '14',
        '--out',
        join(sample, 'out'),
        '--quiet',
      ],
      { cwd: sample, encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
  });

  afterAll(async () => {
    if (sample) await rm(sample, { recursive: true, force: true });
  });

  it.each(pages)('loads %s without console errors, page errors or dialogs', async (path) => {
    const { page, problems } = await open(path, {}, sitePath(join(sample, 'out')));
    await page.waitForLoadState('load');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('sorts the status page by score and filters it', async () => {
    const { page } = await open(statusPage, {}, sitePath(join(sample, 'out')));
    await page.getByRole('button', { name: 'Score' }).click();
    const ascending = await columnKeys(page, 2);
    expect(new Set(ascending).size).toBeGreaterThan(1);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.getByLabel('Filter scenarios').fill('noha');
    expect(await page.locator('#scenarios tbody tr:visible').count()).toBe(1);
    await page.context().close();
  });

  it.each(pages.flatMap((path) => [[path, 'light'] as const, [path, 'dark'] as const]))(
    'finds no serious accessibility violation on %s (%s)',
    async (path, colorScheme) => {
      const { page } = await open(path, { colorScheme }, sitePath(join(sample, 'out')));
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.context().close();
    },
  );

  /** status.json of the backfilled sample, as the pages were rendered from it. */
  const statusJson = async () =>
    JSON.parse(await readFile(sitePath(join(sample, 'out'), 'status.json'), 'utf8')) as SampleStatus;

  it('shows in the readiness matrix exactly the validated (installer, scenario) pairs of status.json', async () => {
    const status = await statusJson();
    const { page } = await open('index.html', {}, sitePath(join(sample, 'out')));
    for (const version of status.versions) {
      const expected = version.installers
        .flatMap((installer) =>
          installer.scenarios
            .filter((scenario) => scenario.condition === 'validated')
            .map((scenario) => `${installer.installer} ${scenario.scenario}`),
        )
        .sort();
      const shown = await page.$$eval(
        `#v-${version.version} td.matrix-cell[data-condition="validated"]`,
        (cells) =>
          cells.map(
            (cell) =>
              `${cell.getAttribute('data-installer')} ${cell.closest('tr')?.querySelector('th')?.textContent}`,
          ),
      );
      expect(shown.sort(), version.version).toEqual(expected);
    }
    await page.context().close();
  });

  it('lists the blockers of colorado in the order status.json ranks them', async () => {
    const status = await statusJson();
    const colorado = status.versions.find((version) => version.version === 'colorado');
    expect(colorado?.blockers.length).toBeGreaterThan(0);
    const { page } = await open('index.html', {}, sitePath(join(sample, 'out')));
    const names = await page.locator('#v-colorado .blocker-name').allTextContents();
    expect(names).toEqual(colorado?.blockers.map((blocker) => blocker.testCase));
    await page.context().close();
  });

  it('shows every scenario with its score and status inside a 390 px phone screen', async () => {
    const status = await statusJson();
    for (const version of status.versions) {
      for (const installer of version.installers) {
        const path = sitePaths.installerPage(version.version, installer.installer);
        const { page } = await open(
          path,
          { viewport: { width: 390, height: 844 }, isMobile: true },
          sitePath(join(sample, 'out')),
        );
        const boxes = await page.$$eval('#scenarios tbody tr', (rows) =>
          rows.map((row) => {
            const right = (selector: string) => {
              const box = row.querySelector(selector)?.getBoundingClientRect();
              return box === undefined || box.width === 0 ? Infinity : box.right;
            };
            return { scenario: right('th.scenario a'), score: right('td.score'), status: right('.status') };
          }),
        );
        expect(boxes, path).toHaveLength(installer.scenarios.length);
        for (const box of boxes) {
          expect(Math.max(box.scenario, box.score, box.status), path).toBeLessThanOrEqual(390);
        }
        await page.context().close();
      }
    }
  });

  it('names each run cell for a screen reader by its outcome, and each build column by a link to its CI page', async () => {
    const { page } = await open(
      sitePaths.scenarioPage('colorado', 'fuel', 'os-odl_l2-nofeature-ha'),
      {},
      sitePath(join(sample, 'out')),
    );
    const grid = page.locator('table.run-grid');
    const cells = await grid.locator('td.pass, td.fail').count();
    expect(cells).toBeGreaterThan(0);
    const passed = grid.getByRole('cell', { name: /^✓ pass$/ });
    const failed = grid.getByRole('cell', { name: /^✗ fail · \d{4}-\d\d-\d\d \d\d:\d\d UTC · / });
    expect((await passed.count()) + (await failed.count())).toBe(cells);
    const columns = await grid.locator('th.build-col').count();
    expect(columns).toBeGreaterThan(0);
    expect(await grid.locator('th.build-col a[href^="https://"]').count()).toBe(columns);
    await page.context().close();
  });

  it.each([1280, 1400, 1920])(
    'clips no column at %i px without a scroll cue and a sticky first column',
    async (width) => {
      const status = await statusJson();
      const colorado = status.versions.find((version) => version.version === 'colorado');
      const paths = [
        'index.html',
        ...(colorado?.installers.map((installer) =>
          sitePaths.installerPage('colorado', installer.installer),
        ) ?? []),
        sitePaths.scenarioPage('colorado', 'fuel', 'os-nosdn-ovs-noha'),
      ];
      for (const path of paths) {
        const { page } = await open(
          path,
          { viewport: { width, height: 900 } },
          sitePath(join(sample, 'out')),
        );
        const uncued = await page.$$eval('.table-wrap', (wraps) =>
          wraps
            .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
            .filter((wrap) => {
              const hint =
                wrap.previousElementSibling?.closest('.scroll-hint') ??
                wrap.parentElement?.querySelector('.scroll-hint');
              const cued =
                hint instanceof HTMLElement && !hint.hidden && hint.getBoundingClientRect().height > 0;
              const firstCell = wrap.querySelector('tbody tr > :first-child');
              const sticky = firstCell !== null && getComputedStyle(firstCell).position === 'sticky';
              return !(cued && sticky);
            })
            .map((wrap) => wrap.querySelector('caption')?.textContent ?? 'a table'),
        );
        expect(uncued, path).toEqual([]);
        await page.context().close();
      }
    },
  );

  it('takes the screenshots of the overview, a status page, a scenario page and the blockers, desktop and phone', async () => {
    const shots: Array<[string, string, string | null]> = [
      ['overview', 'index.html', null],
      ['status-page', statusPage, null],
      ['scenario-page', sitePaths.scenarioPage('colorado', 'fuel', 'os-odl_l2-nofeature-ha'), null],
      ['blockers', 'index.html', '#v-colorado .blockers'],
    ];
    for (const [name, path, element] of shots) {
      for (const [device, width] of [
        ['desktop', 1440],
        ['phone', 390],
      ] as const) {
        const { page } = await open(
          path,
          { viewport: { width, height: 900 }, isMobile: device === 'phone' },
          sitePath(join(sample, 'out')),
        );
        const file = join(SCREENSHOTS, `${name}-${device}.png`);
        if (element === null) await page.screenshot({ path: file, fullPage: true });
        else await page.locator(element).screenshot({ path: file });
        expect(existsSync(file)).toBe(true);
        if (process.env.UPDATE_SCREENSHOTS === '1')
          await copyFile(file, join(root, 'docs/screenshots', `${name}-${device}.png`));
        await page.context().close();
      }
    }
  });

  it('prints the status page to an A4 landscape PDF of at least one page', async () => {
    const { page } = await open(statusPage, {}, sitePath(join(sample, 'out')));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.context().close();
    expectA4Landscape(pdf);
  });

  it('prints light in a dark scheme, with the failed tests of a feedback page shown and no screen cues', async () => {
    const feedback = sitePaths.feedbackPage('colorado', 'tempest', 'apex');
    const { page } = await open(feedback, { colorScheme: 'dark' }, sitePath(join(sample, 'out')));
    const colours = () =>
      page.evaluate(() => [
        getComputedStyle(document.body).color,
        getComputedStyle(document.body).backgroundColor,
      ]);
    const onScreen = await colours();
    await page.emulateMedia({ media: 'print' });
    const printed = await colours();
    expect(printed).not.toEqual(onScreen);
    expect(printed[1]).toBe('rgb(255, 255, 255)');
    const closed = () => page.evaluate(() => document.querySelectorAll('details:not([open])').length);
    expect(await closed()).toBeGreaterThan(0);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await closed()).toBe(0);
    const cues = await page.evaluate(
      () =>
        [...document.querySelectorAll('.scroll-hint, .crumbs')].filter(
          (node) => getComputedStyle(node).display !== 'none',
        ).length,
    );
    expect(cues).toBe(0);
    await page.context().close();
  });

  it('export pdf writes <out>/pdf/<version>/<installer>.pdf, A4 landscape, outside the releases', async () => {
    const out = join(sample, 'out');
    const result = spawnSync(
      process.execPath,
      [cli, 'export', 'pdf', '--out', out, '--version', 'colorado', '--installer', 'fuel', '--quiet'],
      // The Chromium this suite launched: the same cache for the npm one.
      {
        cwd: sample,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: join(root, 'node_modules/.cache') },
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const pdf = join(out, 'pdf', sitePaths.installerPage('colorado', 'fuel').replace(/html$/, 'pdf'));
    expect(result.stdout.trim()).toBe(pdf);
    expectA4Landscape(await readFile(pdf));
    expect(existsSync(sitePath(out, 'colorado', 'fuel.pdf'))).toBe(false);
  });

  it('takes the screenshots of the status page, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open(
        statusPage,
        { colorScheme, viewport: { width: 1440, height: 900 } },
        sitePath(join(sample, 'out')),
      );
      const file = join(SCREENSHOTS, `status-page${colorScheme === 'dark' ? '-dark' : ''}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(existsSync(file)).toBe(true);
      if (colorScheme === 'light' && process.env.UPDATE_SCREENSHOTS === '1')
        await copyFile(file, README_SCREENSHOT);
      await page.context().close();
    }
  });
});
