// Every field of the results database is untrusted. Hostile strings in installer, scenario, version,
// pod, build tag and details go through the whole job: the site escapes them, nothing is written
// outside --out, and status.json stays valid JSON.
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusSchemaIssues } from '../support/status-schema.js';
import { cli, root } from '../support/cli.js';
import { xmlProblems } from '../support/xml.js';
import { sitePath } from '../support/site.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  'javascript:alert(1)',
  '../../../../tmp/escaped',
  '..',
  '/etc/passwd',
  '🔥emoji-scenario🚀',
  '{{constructor.constructor("alert(1)")()}}',
  'CON',
];
/** Names no page, terminal or file could show as they are: their documents are rejected, counted by reason. */
const REFUSED = ['nul\u0000byte\u0001\u001f\u007f', '\u202Eevil-rtl\u202C', 'a'.repeat(1024 * 1024)];

let work: string;
let outside: string;
let stdout = '';
let stderr = '';
let code: number | null = null;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-hostile-'));
  outside = join(work, 'outside');
  await mkdir(outside);
  const documents = [...HOSTILE, ...REFUSED].flatMap((text, i) =>
    ['healthcheck', 'vping_ssh'].map((caseName) => ({
      project_name: 'functest',
      case_name: caseName,
      installer: i % 3 === 0 ? text : 'fuel',
      version: i % 4 === 0 ? text : 'colorado',
      scenario: text,
      pod_name: text,
      build_tag: i % 2 === 0 ? `jenkins-${text}-12` : text,
      criteria: 'PASS',
      start_date: '2016-07-13 06:00:00',
      details: { success_rate: 100, note: text, nested: { html: text } },
    })),
  );
  await writeFile(join(work, 'results.ndjson'), `${documents.map((d) => JSON.stringify(d)).join('\n')}\n`);
  const result = spawnSync(
    process.execPath,
    [
      cli,
      'generate',
      '--source',
      `file:${join(work, 'results.ndjson')}`,
      '--criteria',
      join(root, 'criteria'),
      '--as-of',
      '2016-07-14',
      '--out',
      join(work, 'out'),
      '--ci-build-url',
      'https://build.example.org/job/{job}/{build}/',
    ],
    { cwd: work, encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  stdout = result.stdout;
  stderr = result.stderr;
  code = result.status;
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((entry) => join(entry.parentPath, entry.name));
}

describe('hostile strings end to end', () => {
  it('runs to the end', () => {
    expect(stderr).not.toMatch(/error:/);
    expect(code).toBe(0);
    expect(stdout).toContain('validated');
  });

  it('writes nothing outside --out', async () => {
    const out = await realpath(join(work, 'out'));
    for (const file of await allFiles(out)) {
      // `current` is the site's own link to the published release, inside --out.
      if (file !== join(out, 'current')) expect((await lstat(file)).isSymbolicLink()).toBe(false);
      const real = await realpath(file);
      expect(real.startsWith(out + sep), relative(work, real)).toBe(true);
    }
    expect(await readdir(outside)).toEqual([]);
    expect((await readdir(work)).sort()).toEqual(['out', 'outside', 'results.ndjson']);
    await expect(lstat('/tmp/escaped')).rejects.toThrow();
  });

  it('keeps status.json valid JSON, true to its schema, with the strings intact', async () => {
    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    expect(statusSchemaIssues(status)).toEqual([]);
    const scenarios = status.versions.flatMap((v: { installers: { scenarios: { scenario: string }[] }[] }) =>
      v.installers.flatMap((i) => i.scenarios.map((s) => s.scenario)),
    );
    for (const text of HOSTILE) expect(scenarios).toContain(text);
    for (const text of REFUSED) expect(scenarios).not.toContain(text);
    expect(status.documents.rejectedReasons).toEqual({
      'installer too long': 2,
      'scenario unprintable': 4,
    });
    expect(status.limits.map((hit: { limit: string }) => hit.limit)).toEqual(['limits.nameLength']);
  });

  it('escapes every string in the pages and links nothing but http(s) or the site itself', async () => {
    const pages = (await allFiles(sitePath(join(work, 'out')))).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(HOSTILE.length);
    for (const page of pages) {
      const html = await readFile(page, 'utf8');
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toMatch(/\sonerror=/i);
      expect(html).not.toMatch(/\sonmouseover=/i);
      expect(html).not.toContain('\u0000');
      for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) {
        expect(href, `${relative(work, page)}: ${href}`).toMatch(/^(https?:\/\/|[^:]*$)/);
      }
    }
  });

  it('writes feeds and badges that are well-formed XML', async () => {
    const xml = (await allFiles(sitePath(join(work, 'out')))).filter((file) => /\.(atom|svg)$/.test(file));
    expect(xml.length).toBeGreaterThan(0);
    for (const file of xml.slice(0, 40)) {
      expect(xmlProblems(await readFile(file, 'utf8')), relative(work, file)).toEqual([]);
    }
  });
});
