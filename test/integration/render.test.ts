import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Points } from '../../src/core/index.js';
import { csvCell, historyCsv, renderSite, safeFileName, sitePaths } from '../../src/render/index.js';
import type { SiteInput } from '../../src/render/index.js';
import { siteTemplates } from '../../src/render/environment.js';
import { validatedPageModel, type PageModels } from '../../src/render/page-models/index.js';
import {
  busyInstaller,
  dailyRun,
  installer,
  scenario,
  siteInput,
  testCase,
  verdict,
  version,
} from '../support/builders.js';

function text(files: Map<string, string | Buffer>, path: string): string {
  const content = files.get(path);
  if (content === undefined)
    throw new Error(`${path} was not rendered; rendered: ${[...files.keys()].join(', ')}`);
  return content.toString();
}

/** Relative links (href/src) of a page, resolved against the page's folder, without fragments. */
function localLinks(page: string, html: string): string[] {
  return localAnchors(page, html).map((link) => link.target);
}

/** Each local link's file (the page itself for `#id`) and fragment. */
function localAnchors(page: string, html: string): Array<{ target: string; fragment: string | null }> {
  const links: Array<{ target: string; fragment: string | null }> = [];
  for (const match of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const [path = '', fragment] = match[1]!.split('#');
    if (/^https?:/.test(path)) continue;
    const target = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), path));
    links.push({ target, fragment: fragment ?? null });
  }
  return links;
}

const HOSTILE_SCENARIO = '<script>alert(1)</script>';
const TRAVERSAL = '../../etc/passwd';

function hostileInput() {
  return siteInput({
    verdict: verdict([
      version('master', [
        installer(`fuel"'<b>`, [
          scenario({ scenario: HOSTILE_SCENARIO, lastBuildTag: 'javascript:alert(1)' }),
          scenario({
            scenario: TRAVERSAL,
            tests: [
              testCase({ name: '<img src=x onerror=alert(1)>', reason: '"><script>alert(2)</script>' }),
            ],
          }),
        ]),
        installer('../..', [scenario({ scenario: '..' })]),
      ]),
      version('../../tmp', [installer('/etc', [scenario({ scenario: 'a/../../b' })])]),
    ]),
    validated: {
      master: {
        [`fuel"'<b>`]: {
          [HOSTILE_SCENARIO]: {
            firstValidated: '2016-07-01',
            lastValidated: '2016-07-14',
            validatedDays: 14,
          },
        },
      },
    },
  });
}

describe('renderSite pages', () => {
  it('renders the overview, installer, scenario, validated, changes, CSV, feed, badge, status.json and asset files', () => {
    const files = renderSite(siteInput());
    expect([...files.keys()].sort()).toEqual([
      'assets/site.css',
      'assets/site.js',
      'badges/master/apex/os-nosdn-nofeature-ha.json',
      'badges/master/apex/os-nosdn-nofeature-ha.svg',
      'badges/master/fuel/os-nosdn-nofeature-ha.json',
      'badges/master/fuel/os-nosdn-nofeature-ha.svg',
      'index.html',
      'master/apex.atom',
      'master/apex.csv',
      'master/apex.html',
      'master/apex/os-nosdn-nofeature-ha.html',
      'master/changes.html',
      'master/fuel.atom',
      'master/fuel.csv',
      'master/fuel.html',
      'master/fuel/os-nosdn-nofeature-ha.html',
      'master/validated.html',
      'status.json',
    ]);
    expect(text(files, 'status.json')).toBe(siteInput().statusJson);
  });

  it('links every page only to files the site contains', () => {
    const files = renderSite(
      siteInput({ verdict: verdict([version('master', [busyInstaller('fuel', 6)])]) }),
    );
    for (const [page, content] of files) {
      if (!page.endsWith('.html')) continue;
      for (const { target, fragment } of localAnchors(page, content.toString())) {
        expect(files.has(target), `${page} links to ${target}`).toBe(true);
        if (fragment === null || !target.endsWith('.html')) continue;
        expect(text(files, target), `${page} links to ${target}#${fragment}`).toContain(`id="${fragment}"`);
      }
    }
  });

  it('reaches every page from index.html by following links', () => {
    const files = renderSite(
      siteInput({ verdict: verdict([version('master', [busyInstaller('fuel', 4), installer('apex')])]) }),
    );
    const seen = new Set<string>(['index.html']);
    const queue = ['index.html'];
    while (queue.length > 0) {
      const page = queue.pop()!;
      for (const target of localLinks(page, text(files, page))) {
        if (!seen.has(target) && files.has(target)) {
          seen.add(target);
          if (target.endsWith('.html')) queue.push(target);
        }
      }
    }
    const pages = [...files.keys()].filter((path) => path.endsWith('.html') || path.endsWith('.csv'));
    expect(pages.filter((page) => !seen.has(page))).toEqual([]);
  });

  it('says version, installer, as-of date, period and generation time in the header', () => {
    const html = text(renderSite(siteInput()), 'master/fuel.html');
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    expect(header).toContain('<dt>Version</dt><dd>master</dd>');
    expect(header).toContain('<dt>Installer</dt><dd>fuel</dd>');
    expect(header).toContain('<dt>As of</dt><dd>2016-07-14 23:59 UTC</dd>');
    expect(header).toContain('<dt>Period</dt><dd>10 days</dd>');
    expect(header).toContain('<dt>Generated</dt><dd>2016-07-15 00:59 UTC</dd>');
  });

  it.each([0, 1, 2, 3] as Points[])('shows %i points as text as well as colour', (points) => {
    const input = siteInput({
      verdict: verdict([
        version('master', [installer('fuel', [scenario({ tests: [testCase({ points })] })])]),
      ]),
    });
    const html = text(renderSite(input), 'master/fuel.html');
    const cell = /<td class="points p(\d)"[^>]*>(.*?)<\/td>/.exec(html);
    expect(cell?.[1]).toBe(String(points));
    expect(cell?.[2]).toContain(`<span class="pts">${points}</span>`);
    expect(cell?.[2]).toContain(`${points} point`);
  });

  it.each([
    ['documented', 'three of the last four runs passed'],
    ['legacy-2016', 'passed at least twice, but not the newest four'],
  ] as const)(
    'explains 2 points under the %s rule in the legend, and names the rule in the footer',
    (rule, meaning) => {
      const input = siteInput();
      input.verdict.rule = rule;
      const html = text(renderSite(input), 'master/fuel.html');
      expect(html).toMatch(new RegExp(`<span class="pts">2</span>.*?</span></span> ${meaning}</li>`));
      expect(html).toContain(`points of each test case by the ${rule} rule (see the legend)`);
    },
  );

  it('lists informative test cases after the scored ones, marked as informative', () => {
    const tests = [testCase({ name: 'vims', scored: false, points: 1 }), testCase({ name: 'vping_ssh' })];
    const input = siteInput({
      verdict: verdict([version('master', [installer('fuel', [scenario({ tests })])])]),
    });
    const html = text(renderSite(input), 'master/fuel.html');
    expect(html.indexOf('>vping_ssh<')).toBeLessThan(html.indexOf('>vims (info)<'));
    expect(html).toMatch(
      /<td class="points p1 info"[^>]*><a class="pts-link" href="[^"]*\/fuel\/[^"]+#runs-vims"><span class="pts">1<\/span>.*?<span class="info-tag">info<\/span>/,
    );
  });

  it('writes each points cell whole: escaped rule line, link, flaky mark, informative tag; "not run" where a test did not run', () => {
    const flips = [4, 3, 2, 1].map((day) => dailyRun({ day, passed: day % 2 === 0 }));
    const tests = [
      testCase({ name: 'vims', scored: false, points: 1, reason: '"><b>1 of 4</b> → 1 point', runs: flips }),
    ];
    const input = siteInput({
      verdict: verdict([
        version('master', [installer('fuel', [scenario({ tests }), scenario({ scenario: 'os-odl-ha' })])]),
      ]),
    });
    const files = renderSite(input);
    const cells = (path: string) =>
      [...text(files, path).matchAll(/<td class="points[^"]*".*?<\/td>\n/g)].map((m) => m[0]);
    const title = 'title="&quot;&gt;&lt;b&gt;1 of 4&lt;/b&gt; → 1 point"';
    const shown =
      '<span class="pts">1</span><span class="sym" aria-hidden="true">●○○</span><span class="vh">1 point (informative)</span>';
    const flaky =
      '<span class="flaky-mark" title="flaky: 3 flips between pass and fail in the period">flaky</span>';
    const info = '<span class="info-tag">info</span>';
    const status = cells('master/fuel.html');
    expect(status).toContain(
      `<td class="points p1 info" data-sort="-9" ${title}><a class="pts-link" href="../master/fuel/os-nosdn-nofeature-ha.html#runs-vims">${shown}</a>${flaky}${info}</td>\n`,
    );
    expect(status).toContain(
      '<td class="points na" data-sort="-1" title="not run on this scenario"><span aria-hidden="true">–</span><span class="vh">not run</span></td>\n',
    );
    // The scenario page: the run grid's row (its header carries the flaky mark), then the "why" table's.
    expect(cells('master/fuel/os-nosdn-nofeature-ha.html')).toEqual([
      `<td class="points p1 info" data-sort="-9" ${title}>${shown}${info}</td>\n`,
      `<td class="points p1 info" data-sort="-9" ${title}><a class="pts-link" href="#runs-vims">${shown}</a>${flaky}${info}</td>\n`,
    ]);
  });

  it('shows a scenario validated in the state but not run since', () => {
    const stale = scenario({
      scenario: 'os-odl_l2-sfc-ha',
      tests: [],
      runCount: 0,
      newestRunAt: null,
      stale: true,
      notRunSince: '2016-07-01',
    });
    const input = siteInput({
      verdict: verdict([version('master', [installer('fuel', [stale, scenario({ stale: false })])])]),
    });
    const files = renderSite(input);
    expect(text(files, 'master/fuel.html')).toContain('validated on 2016-07-01, not run since');
    // On the overview it counts among the installer's stale scenarios: one of two.
    expect(text(files, 'index.html')).toMatch(
      /<a href="master\/fuel\.html">fuel<\/a><\/th>[\s\S]*?<td class="num" data-sort="1">1<\/td>/,
    );
  });

  it('draws the trend from the scenario history, one point when there is none', () => {
    const withTrend = scenario({ trend: [50, 75, 100] });
    const input = siteInput({
      verdict: verdict([version('master', [installer('fuel', [withTrend]), installer('apex')])]),
    });
    const files = renderSite(input);
    expect(text(files, 'master/fuel.html')).toMatch(/<path d="M3\.0 12\.0 L50\.0 7\.5 L97\.0 3\.0"/);
    const single = text(files, 'master/apex.html');
    expect(single).not.toContain('class="spark-line"');
    expect(single).toContain('<circle cx="97.0" cy="3.0"');
  });

  it('shows the rule line and one grid cell per CI build, oldest first, the deciding four outlined', () => {
    const html = text(renderSite(siteInput()), 'master/fuel/os-nosdn-nofeature-ha.html');
    expect(html).toContain('the last 4 runs passed → 3 points');
    const days = [...html.matchAll(/<span class="build-day">([^<]+)</g)].map((m) => m[1]);
    expect(days).toEqual([...days].sort());
    expect(days).toHaveLength(4);
    expect([
      ...html.matchAll(/<td class="pass decides">✓<span class="vh"> pass<\/span><\/td>/g),
    ]).toHaveLength(4);
    // The build's CI link is in its column header, once for the runs of that build.
    const builds = [...html.matchAll(/<th scope="col" class="build-col"[^>]*>(.*?)<\/th>/g)].map((m) => m[1]);
    expect(builds).toHaveLength(4);
    expect(builds[0]).toContain(
      '<a href="https://build.opnfv.org/ci/job/functest-fuel-baremetal-daily-master/304/" rel="noopener noreferrer">',
    );
    // Once: its runs' cells do not repeat it.
    expect([
      ...html.matchAll(/build\.opnfv\.org\/ci\/job\/functest-fuel-baremetal-daily-master\/304\//g),
    ]).toHaveLength(1);
  });

  it("escapes a failed run's pod and note in its cell, and a build tag in its column header", () => {
    const hostile = '<script>alert(1)</script>';
    const runs = [
      dailyRun({ day: 2, pod: `"><img src=x onerror=alert(1)>`, failureNote: hostile, passed: false }),
      dailyRun({ day: 1, buildTag: hostile }),
    ];
    const input = siteInput({
      verdict: verdict([
        version('master', [installer('fuel', [scenario({ tests: [testCase({ name: hostile, runs })] })])]),
      ]),
    });
    const page = text(renderSite(input), sitePaths.scenarioPage('master', 'fuel', 'os-nosdn-nofeature-ha'));
    const cells = [...page.matchAll(/<td class="(?:pass|fail)[^"]*"[^>]*>.*?<\/td>/g)].map(
      (match) => match[0],
    );
    expect(cells).toHaveLength(2);
    const headers = [...page.matchAll(/<th scope="col" class="build-col".*?<\/th>/g)].map(
      (match) => match[0],
    );
    expect(headers).toHaveLength(2);
    for (const markup of [...cells, ...headers]) {
      expect(markup).not.toContain('<script>');
      expect(markup).not.toContain('<img');
    }
    expect(cells[0]).toBe(
      '<td class="fail decides" title="FAIL · 2016-07-12 23:59 UTC · &quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; · &lt;script&gt;alert(1)&lt;/script&gt;">' +
        '✗<span class="vh"> fail · 2016-07-12 23:59 UTC · &quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; · &lt;script&gt;alert(1)&lt;/script&gt;</span></td>',
    );
    expect(cells[1]).toBe('<td class="pass decides">✓<span class="vh"> pass</span></td>');
    expect(headers[1]).toContain('title="&lt;script&gt;alert(1)&lt;/script&gt; · ');
  });

  it('outlines only the newest four runs, and marks a test that flips as flaky', () => {
    const runs = [...'PFPFPP'].map((mark, i) => dailyRun({ day: 6 - i, passed: mark === 'P' }));
    const flaky = scenario({ tests: [testCase({ points: 2, runs })] });
    const input = siteInput({ verdict: verdict([version('master', [installer('fuel', [flaky])])]) });
    const html = text(renderSite(input), 'master/fuel/os-nosdn-nofeature-ha.html');
    const cells = [...html.matchAll(/<td class="(pass|fail)( decides)?"/g)].map(
      (m) => `${m[1] === 'pass' ? 'P' : 'F'}${m[2] ? '*' : ''}`,
    );
    expect(cells).toEqual(['P', 'F', 'P*', 'F*', 'P*', 'P*']);
    expect(html).toContain(
      '<span class="flaky-mark" title="4 flips between pass and fail in the period">flaky</span>',
    );
    const status = text(renderSite(input), 'master/fuel.html');
    expect(status).toMatch(
      /<a class="pts-link" href="[^"]*os-nosdn-nofeature-ha\.html#runs-healthcheck"><span class="pts">2<\/span>.*?<\/a><span class="flaky-mark" title="flaky: 4 flips between pass and fail in the period">flaky<\/span>/,
    );
  });

  it('draws the overview trend as the share of validated scenarios per report day', () => {
    const day = (status: 'OK' | 'KO') => ({
      score: 0,
      max: 3,
      percent: 0,
      status,
      runs: 4,
      stale: false,
      missing: [],
      tests: {},
    });
    const history = {
      master: {
        fuel: {
          a: { '2016-07-12': day('KO'), '2016-07-13': day('OK') },
          b: { '2016-07-12': day('KO'), '2016-07-13': day('KO') },
        },
      },
    };
    const html = text(renderSite(siteInput({ history })), 'index.html');
    expect(html).toContain('aria-label="daily percent, last 2 days: 0.0, 50.0"');
  });

  it('writes the daily history of each installer as its CSV file', () => {
    const day = {
      score: 2,
      max: 3,
      percent: 66.7,
      status: 'KO' as const,
      runs: 4,
      stale: false,
      missing: [],
      tests: {},
    };
    const history = { master: { fuel: { 'os-nosdn-nofeature-ha': { '2016-07-13': day } } } };
    const files = renderSite(siteInput({ history }));
    expect(text(files, 'master/fuel.csv')).toBe(historyCsv(history.master.fuel));
    expect(text(files, 'master/apex.csv')).toBe('date,scenario,score,max,percent,status\r\n');
  });

  it('lists validated scenarios by installer then scenario, linking those still shown', () => {
    const record = { firstValidated: '2016-07-01', lastValidated: '2016-07-10', validatedDays: 9 };
    const validated = {
      master: {
        fuel: { 'os-old-ha': record, 'os-nosdn-nofeature-ha': record },
        apex: { 'os-nosdn-nofeature-ha': record },
      },
    };
    const html = text(renderSite(siteInput({ validated })), 'master/validated.html');
    const rows = [...html.matchAll(/<tr>\s*<td>([^<]*)<\/td>\s*<th scope="row">(.*?)<\/th>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(rows).toEqual([
      'apex <a href="../master/apex/os-nosdn-nofeature-ha.html">os-nosdn-nofeature-ha</a>',
      'fuel <a href="../master/fuel/os-nosdn-nofeature-ha.html">os-nosdn-nofeature-ha</a>',
      'fuel os-old-ha',
    ]);
    expect(html).toContain('<td>2016-07-01</td>\n<td>2016-07-10</td>\n<td class="num">9</td>');
  });

  it('shows the criteria expression of each test case on the scenario page', () => {
    const criteria = {
      testCases: [{ name: 'healthcheck', project: 'functest', criteriaText: 'status == "PASS"' }],
    } as unknown as SiteInput['criteria'];
    const html = text(renderSite(siteInput({ criteria })), 'master/fuel/os-nosdn-nofeature-ha.html');
    expect(html).toContain('<code class="criteria">status &#x3D;&#x3D; &quot;PASS&quot;</code>');
  });

  it('refuses to draw an SVG from anything but numbers', () => {
    const bad = scenario({ trend: ['<script>' as unknown as number] });
    const input = siteInput({ verdict: verdict([version('master', [installer('fuel', [bad])])]) });
    expect(() => renderSite(input)).toThrow(/numbers/);
  });
});

describe('renderSite safety', () => {
  it('refuses a page model that lacks a field its template prints, instead of printing nothing', () => {
    const input = siteInput();
    const model = validatedPageModel(input, input.verdict.versions[0]!);
    const renamed: Partial<typeof model> = { ...model };
    delete renamed.version;
    const render = () => siteTemplates().render('validated', renamed as unknown as PageModels['validated']);
    expect(render).toThrow(/"version" not defined/);
    expect(siteTemplates().render('validated', model).join('')).toContain('Validated scenarios');
  });

  it('escapes every string from the database', () => {
    const files = renderSite(hostileInput());
    for (const [path, content] of files) {
      if (!path.endsWith('.html')) continue;
      const html = content.toString();
      expect(html, path).not.toMatch(/<script>alert|<img src=x|<b>|href="javascript:/i);
    }
    const page = [...files.keys()].find((path) => path.startsWith('master/fuel~') && path.endsWith('.html'))!;
    expect(text(files, page)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text(files, page)).toContain('fuel&quot;&#x27;&lt;b&gt;');
  });

  it('builds every file name from safe segments inside the output folder', () => {
    for (const path of renderSite(hostileInput()).keys()) {
      const segments = path.split('/');
      for (const segment of segments) {
        expect(segment, path).toMatch(/^[a-z0-9._@~-]+$/);
        expect(segment.startsWith('.'), path).toBe(false);
      }
      expect(posix.normalize(path), path).toBe(path);
    }
  });

  it.each([
    [
      'https pattern',
      'https://build.opnfv.org/ci/job/{job}/{build}/',
      'jenkins-functest-fuel-daily-master-324',
      true,
    ],
    ['http pattern', 'http://ci.example/{job}/{build}', 'jenkins-functest-fuel-daily-master-324', true],
    ['javascript pattern', 'javascript:alert("{job}")', 'jenkins-functest-fuel-daily-master-324', false],
    ['data pattern', 'data:text/html,{job}', 'jenkins-functest-fuel-daily-master-324', false],
  ])('links the last build only for http(s) URLs (%s)', (_name, pattern, buildTag, linked) => {
    const input = siteInput({
      ciBuildUrl: pattern,
      verdict: verdict([version('master', [installer('fuel', [scenario({ lastBuildTag: buildTag })])])]),
    });
    const html = text(renderSite(input), 'master/fuel.html');
    const link = /<a class="build" href="([^"]*)"/.exec(html);
    expect(link !== null).toBe(linked);
    if (link) expect(link[1]).toMatch(/^https?:\/\//);
    expect(html).not.toMatch(/href="(javascript|data):/);
  });
  it('never turns a hostile build tag into anything but an http(s) link', () => {
    const input = siteInput({
      verdict: verdict([
        version('master', [installer('fuel', [scenario({ lastBuildTag: 'javascript:alert(1)' })])]),
      ]),
    });
    const html = text(renderSite(input), 'master/fuel.html');
    for (const [, href] of html.matchAll(/href="([^"]*)"/g))
      expect(href).not.toMatch(/^[a-z][a-z0-9+.-]*:(?!\/\/)/i);
    expect(html).not.toMatch(/href="(javascript|data):/);
  });
});

describe('safeFileName', () => {
  it.each([
    ['fuel', 'fuel'],
    ['fuel@aarch64', 'fuel@aarch64'],
    ['os-odl_l2-nofeature-ha', 'os-odl_l2-nofeature-ha'],
    ['colorado.1.0', 'colorado.1.0'],
  ])('keeps the safe name %s as it is', (name, expected) => {
    expect(safeFileName(name)).toBe(expected);
  });

  it.each(['', '.', '..', '../../etc/passwd', '/etc/passwd', 'a\\b', '.hidden', 'x'.repeat(300), 'a b', 'é'])(
    'turns %j into one bounded, non-hidden, safe segment',
    (name) => {
      const safe = safeFileName(name);
      expect(safe).toMatch(/^[a-z0-9._@~-]{1,80}$/);
      expect(safe.startsWith('.')).toBe(false);
    },
  );

  it('keeps names that differ apart even when they sanitise alike', () => {
    expect(new Set(['a/b', 'a_b', 'a:b', 'a b'].map((name) => safeFileName(name))).size).toBe(4);
  });

  it('gives a name crafted to look like another name encoded its own file', () => {
    const crafted = safeFileName('os-nosdn/ha');
    expect(crafted).toBe('os-nosdn~002fha');
    expect(safeFileName(crafted)).toBe('os-nosdn~007e002fha');
    expect(safeFileName('FUEL')).not.toBe(safeFileName('fuel'));
    expect(safeFileName('\ud800')).not.toBe(safeFileName('\ufffd'));
    expect(safeFileName('\ud800')).not.toBe(safeFileName('\udc00'));
  });

  it('shortens long names with a hash of the whole name, never equal to a short encoding', () => {
    const long = 'x'.repeat(1_000_000);
    expect(safeFileName(long)).toMatch(/^x{40}~~[0-9a-f]{32}$/);
    expect(safeFileName(long)).not.toBe(safeFileName(`${long}y`));
  });

  it('moves an installer called "validated" away from the validated page', () => {
    expect(sitePaths.installerPage('master', 'validated')).not.toBe(sitePaths.validatedPage('master'));
  });

  it("never lets an installer folder take another installer's page, CSV or feed", () => {
    for (const extension of ['html', 'csv', 'atom']) {
      expect(sitePaths.installerDir('master', `fuel.${extension}`)).not.toBe(
        sitePaths.installerPage('master', 'fuel').replace(/\.html$/, `.${extension}`),
      );
    }
  });

  it.each(['assets', 'badges', 'index.html', 'STATUS.JSON', 'state.json', 'current', 'releases'])(
    'moves a version called %s away from the site files',
    (name) => {
      expect([
        'assets',
        'badges',
        'index.html',
        'status.json',
        'state.json',
        'current',
        'releases',
      ]).not.toContain(sitePaths.versionDir(name).toLowerCase());
    },
  );
});

describe('CSV export', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('writes %j as %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes numbers as numbers, negative ones included', () => {
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes one line per scenario and day, by date then scenario, with a header', () => {
    const day = (percent: number) => ({
      score: percent,
      max: 100,
      percent,
      status: 'KO' as const,
      runs: 1,
      stale: false,
      missing: [],
      tests: {},
    });
    const csv = historyCsv({
      'b,x': { '2016-07-02': day(50) },
      '=a': { '2016-07-02': day(60), '2016-07-01': day(70) },
    });
    expect(csv).toBe(
      'date,scenario,score,max,percent,status\r\n' +
        "2016-07-01,'=a,70,100,70,KO\r\n" +
        "2016-07-02,'=a,60,100,60,KO\r\n" +
        '2016-07-02,"b,x",50,100,50,KO\r\n',
    );
  });
});

describe('renderSite speed', () => {
  // Its speed is measured by `npm run bench`, not here: a timed test fails on a busy machine.
  it('renders a page for each of 4 versions × 6 installers × 30 scenarios', () => {
    const versions = ['master', 'colorado', 'brahmaputra', 'danube'].map((name) =>
      version(
        name,
        ['apex', 'compass', 'fuel', 'joid', 'daisy', 'netvirt'].map((i) => busyInstaller(i, 30)),
      ),
    );
    const input = siteInput({ verdict: verdict(versions) });
    const files = renderSite(input);
    expect([...files.keys()].filter((path) => /^[^/]+\/[^/]+\/[^/]+\.html$/.test(path))).toHaveLength(720);
  });
});
