// Criteria files and reporting.yaml: everything a person can get wrong is refused before any query,
// with the file, the place inside it and a plain message.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configFromEnv,
  loadCriteria,
  parseAsOf,
  redactText,
  resolveConfig,
  splitCredentials,
} from '../../src/config/index.js';
import { ConfigError } from '../../src/core/index.js';

const root = resolve(import.meta.dirname, '../..');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scenario-report-config-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const GOOD = `project: functest
tiers:
  - name: smoke
    order: 1
    testcases:
      - name: vping_ssh
        criteria: 'status == "PASS"'
        dependencies: { installer: '', scenario: '' }
`;

async function criteriaError(files: Record<string, string>): Promise<ConfigError> {
  const criteria = join(dir, 'criteria');
  await mkdir(criteria, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(criteria, name), text);
  const error = await loadCriteria(criteria).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('criteria files', () => {
  it('loads the shipped Colorado criteria', async () => {
    const { testCases } = await loadCriteria(join(root, 'criteria'));
    expect(testCases.map((t) => t.name)).toEqual([
      'healthcheck',
      'vping_ssh',
      'vping_userdata',
      'tempest_smoke_serial',
      'rally_sanity',
      'odl',
      'onos',
      'promise',
      'doctor',
      'security_scan',
      'copper',
      'tempest_full_parallel',
      'rally_full',
      'vims',
    ]);
    const byName = new Map(testCases.map((t) => [t.name, t]));
    // The developer guide's table scores odl, security_scan and copper: nothing is blacklisted.
    expect(testCases.filter((t) => t.blacklisted)).toEqual([]);
    expect(testCases.filter((t) => !t.tierScored).map((t) => t.name)).toEqual([
      'healthcheck',
      'doctor',
      'tempest_full_parallel',
      'rally_full',
      'vims',
    ]);
    expect(byName.get('security_scan')?.installerRegex?.test('compass')).toBe(false);
    expect(byName.get('copper')?.installerRegex?.test('joid')).toBe(true);
    expect(byName.get('promise')?.installerRegex?.test('joid')).toBe(true);
    expect(byName.get('promise')?.installerRegex?.test('apex')).toBe(false);
    expect(byName.get('vims')?.scenarioRegex?.test('os-odl_l2-bgpvpn-ha')).toBe(false);
    expect(byName.get('vims')?.scenarioRegex?.test('os-odl_l2-nofeature-ha')).toBe(true);
    expect(byName.get('rally_full')?.tierScored).toBe(false);
    expect(byName.get('vims')?.tierScored).toBe(false);
    expect(byName.get('promise')?.project).toBe('promise');
  });

  it.each([
    [
      'an unknown key, with a suggestion',
      { 'a.yaml': GOOD.replace('order: 1', 'ordr: 1') },
      4,
      /unknown key "tiers\[0\]\.ordr" — did you mean "order"\?/,
    ],
    [
      'a bad regex',
      { 'a.yaml': GOOD.replace("installer: ''", "installer: '(fuel'") },
      8,
      /tiers\[0\]\.testcases\[0\]\.dependencies\.installer: bad regular expression/,
    ],
    [
      'a bad criteria expression, with its column',
      { 'a.yaml': GOOD.replace('status == "PASS"', 'status === "PASS"') },
      7,
      /testcases\[0\]\.criteria: .* at column 10 in the expression "status === \\"PASS\\""/,
    ],
    [
      'a tier without test cases',
      { 'a.yaml': GOOD.replace(/ {4}testcases:[\s\S]*$/, '    testcases: []\n') },
      5,
      /a tier needs at least one test case/,
    ],
    [
      'a blacklisted name that is no test case',
      { 'a.yaml': `${GOOD}blacklist: [vpign_ssh]\n` },
      9,
      /blacklist\[0\]: "vpign_ssh" is not a test case/,
    ],
    ['a YAML syntax error', { 'a.yaml': `${GOOD}  - name: [\n` }, 10, /YAML syntax/],
  ])('refuses %s, naming the file and line', async (_name, files, line, message) => {
    const error = await criteriaError(files);
    expect(error.file).toBe(join(dir, 'criteria', 'a.yaml'));
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
  });

  it('points at the column of the bad token inside an expression', async () => {
    const error = await criteriaError({ 'a.yaml': GOOD.replace('status == "PASS"', 'status === "PASS"') });
    // criteria: 'status === "PASS"' — the value starts at column 19, its quote is column 19.
    expect([error.line, error.column]).toEqual([7, 19 + 10]);
  });

  it('refuses a test case declared twice, even across files, naming both places', async () => {
    const error = await criteriaError({ 'a.yaml': GOOD, 'b.yaml': GOOD });
    expect(error.file).toBe(join(dir, 'criteria', 'b.yaml'));
    expect(error.message).toMatch(/"vping_ssh" of project "functest" is already declared at .*a\.yaml:6/);
  });

  it('refuses a folder without criteria files', async () => {
    await mkdir(join(dir, 'empty'));
    await expect(loadCriteria(join(dir, 'empty'))).rejects.toThrow(/no criteria \*\.yaml file/);
  });
});

describe('reporting.yaml, environment and flags', () => {
  it('takes flags over environment over file over defaults', async () => {
    await writeFile(join(dir, 'reporting.yaml'), 'period: 7\nscoring:\n  maxRuns: 6\noutput:\n  dir: site\n');
    const { config } = await resolveConfig({
      flags: { periodDays: 3 },
      env: { SCENARIO_REPORT_PERIOD: '5', SCENARIO_REPORT_SCORING_MAX_RUNS: '8' },
      cwd: dir,
    });
    expect(config).toMatchObject({ periodDays: 3, maxRuns: 8, outDir: join(dir, 'site'), staleHours: 48 });
    expect(config.statePath).toBe(join(dir, 'site', 'state.json'));
  });

  it.each([
    ['a wrong type', 'period: ten\n', /period: expected number/],
    ['a bad rule', 'scoring:\n  rule: best\n', /scoring\.rule/],
    ['a source of unknown kind', 'source: ftp://results\n', /source "ftp:\/\/results"/],
    ['a bad time zone', 'dataTimeZone: Mars/Olympus\n', /not a time zone/],
    [
      'a build link without {build}',
      'output:\n  ciBuildUrl: https://ci/{job}\n',
      /must be an http\(s\) URL with \{job\} and \{build\}/,
    ],
    ['an as-of that is no date', 'asOf: yesterday\n', /is not a date/],
    [
      'a 2016 rule looking at more runs than are kept',
      'scoring:\n  rule: legacy-2016\n  originalLastRuns: 5\n  maxRuns: 4\n',
      /originalLastRuns \(--original-last-runs\) is 5, but only the newest 4 runs .* raise --max-runs to 5/,
    ],
  ])('refuses %s', async (_name, text, message) => {
    await writeFile(join(dir, 'reporting.yaml'), text);
    await expect(resolveConfig({ flags: {}, env: {}, cwd: dir })).rejects.toThrow(message);
  });

  it('refuses an unknown SCENARIO_REPORT_ variable with a suggestion', () => {
    expect(() => configFromEnv({ SCENARIO_REPORT_PERIODE: '3' })).toThrow(
      /did you mean SCENARIO_REPORT_PERIOD\?/,
    );
  });

  it('refuses a --config that does not exist', async () => {
    await expect(resolveConfig({ configPath: 'nope.yaml', flags: {}, env: {}, cwd: dir })).rejects.toThrow(
      /config file does not exist/,
    );
  });

  it('reads a bare as-of day as the end of that UTC day', () => {
    expect(new Date(parseAsOf('2016-07-14', 0)).toISOString()).toBe('2016-07-14T23:59:59.000Z');
    expect(new Date(parseAsOf('2016-07-14T06:00:00+02:00', 0)).toISOString()).toBe(
      '2016-07-14T04:00:00.000Z',
    );
  });

  it('reads an as-of year before 100 as written, never as 19xx', () => {
    expect(new Date(parseAsOf('0016-07-14', 0)).toISOString()).toBe('0016-07-14T23:59:59.000Z');
    expect(new Date(parseAsOf('0099-01-01T00:00:00Z', 0)).toISOString()).toBe('0099-01-01T00:00:00.000Z');
  });

  it('redacts passwords and tokens in any text', () => {
    expect(
      redactText('cannot reach mongodb+srv://reporter:p%40ss@db.example.org/results?authSource=admin'),
    ).toBe('cannot reach mongodb+srv://reporter:***@db.example.org/results?authSource=admin');
    expect(redactText('GET https://api.example.org/v1?token=abc123&page=2')).toBe(
      'GET https://api.example.org/v1?token=***&page=2',
    );
  });

  it('turns credentials in a URL into a Basic authorization, percent-escapes decoded', () => {
    const { url, authorization } = splitCredentials(
      new URL('https://reporter:p%40ss@api.example.org/api/v1?x=1'),
    );
    expect(url.toString()).toBe('https://api.example.org/api/v1?x=1');
    expect(authorization).toBe(`Basic ${Buffer.from('reporter:p@ss').toString('base64')}`);
    expect(splitCredentials(new URL('https://api.example.org/api/v1')).authorization).toBeNull();
  });
});
