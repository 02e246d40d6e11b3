// The operator's commands as child processes: schedule, criteria, config print, precedence, redaction.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, generateArgs, root, runCli, sample } from '../support/cli.js';
import { sitePath } from '../support/site.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-ops-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const scenarioReport = (args: string[], env: Record<string, string> = {}) => runCli(args, work, env);

describe('schedule', () => {
  it.each([
    ['cron expression', ['--cron', '61 * * * *'], /not a cron expression/],
    ['time zone', ['--cron', '0 6 * * *', '--tz', 'Mars/Olympus'], /not a time zone/],
  ])('exits 2 on a bad %s', (_name, args, message) => {
    const result = scenarioReport(['schedule', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('on SIGTERM during a run, finishes the run, leaves a complete site and exits 0', async () => {
    // A schedule reports on the day it runs: results from yesterday, many of them, so the run takes a while.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const lines = Array.from({ length: 40_000 }, (_, i) =>
      JSON.stringify({
        project_name: 'functest',
        case_name: 'vping_ssh',
        installer: 'fuel',
        version: 'colorado',
        scenario: `os-scenario-${i % 200}`,
        criteria: 'PASS',
        start_date: yesterday,
      }),
    );
    await writeFile(join(work, 'results.ndjson'), `${lines.join('\n')}\n`);
    const child = spawn(
      process.execPath,
      [
        cli,
        'schedule',
        '--cron',
        '0 0 1 1 *',
        '--run-now',
        '--source',
        `file:${join(work, 'results.ndjson')}`,
      ].concat(['--criteria', join(root, 'criteria'), '--out', join(work, 'out')]),
      { cwd: work },
    );
    let stderr = '';
    const started = new Promise<void>((done) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('run.started')) done();
      });
    });
    await started;
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    const events = stderr.split('\n').map((line) => line.split(/\s+/)[2]);
    expect(events.indexOf('schedule.signal')).toBeGreaterThan(events.indexOf('run.started'));
    expect(events.indexOf('run.finished')).toBeGreaterThan(events.indexOf('run.started'));
    expect(events.indexOf('run.finished')).toBeLessThan(events.indexOf('schedule.stopped'));
    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    expect(status.versions[0].installers[0].scenarios).toHaveLength(200);
  });
});

describe('criteria', () => {
  it('check lists every test case with what it counts for', () => {
    const result = scenarioReport(['criteria', 'check', '--criteria', join(root, 'criteria')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/promise\s+promise\s+scored/);
    expect(result.stdout).toMatch(/odl\s+functest\s+scored/);
    expect(result.stdout).toMatch(/rally_full\s+functest\s+informative/);
    expect(result.stdout).toContain('14 test cases: 9 scored, 5 informative, 0 blacklisted');
    expect(result.stdout).toContain(
      'feedback page tempest: Tempest (tempest_smoke_serial), of functest/tempest_smoke_serial',
    );
    expect(result.stdout).toContain('feedback page vims: vIMS (vims), of functest/vims');
  });

  it.each<[string, [string, string], string]>([
    ['an id that is no file name', ['id: tempest', 'id: Bad Id'], 'id'],
    [
      'a test case the criteria do not declare',
      ['testCase: tempest_smoke_serial', 'testCase: rally_ful'],
      'testCase',
    ],
  ])(
    'check and generate refuse a feedback report with %s, naming its file and line',
    async (_name, [from, to], key) => {
      const criteria = join(work, 'criteria');
      await mkdir(join(criteria, 'feedback'), { recursive: true });
      await writeFile(join(criteria, 'functest.yaml'), await readFile(join(root, 'criteria/functest.yaml')));
      const tempest = await readFile(join(root, 'criteria/feedback/tempest.yaml'), 'utf8');
      expect(tempest).toContain(from);
      await writeFile(join(criteria, 'feedback/tempest.yaml'), tempest.replace(from, to));
      for (const args of [
        ['criteria', 'check'],
        ['generate', '--dry-run'],
      ]) {
        const result = scenarioReport([...args, '--criteria', criteria]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(new RegExp(`feedback/tempest\\.yaml:\\d+:\\d+.*${key}`));
      }
    },
  );

  it('check --scenario prints the developer guide table of that scenario, targets included', () => {
    const criteriaDir = join(root, 'criteria');
    const result = scenarioReport([
      'criteria',
      'check',
      '--criteria',
      criteriaDir,
      '--scenario',
      'os-odl_l2-nofeature-ha',
    ]);
    expect(result.code).toBe(0);
    const matrix = result.stdout.slice(result.stdout.indexOf('os-odl_l2-nofeature-ha: X scored'));
    const row = (name: string) =>
      matrix
        .split('\n')
        .find((line) => line.startsWith(`${name} `))
        ?.trim();
    expect(matrix.split('\n')[1]).toMatch(/^test case\s+apex\s+compass\s+fuel\s+joid$/);
    expect(row('promise')).toMatch(/^promise\s{20,}X\s+X$/);
    expect(row('security_scan')).toMatch(/^security_scan\s+X$/);
    expect(row('healthcheck')).toMatch(/^healthcheck(\s+i){4}$/);
    expect(row('target')).toMatch(/^target\s+21\s+15\s+18\s+21$/);
  });

  it('explain names the regex that excludes a test, by installer and by scenario, and scores the others', () => {
    const args = [
      'criteria',
      'explain',
      '--criteria',
      join(root, 'criteria'),
      '--installer',
      'compass',
      '--scenario',
      'os-odl_l2-nofeature-ha',
      '--version',
      'colorado',
      '--as-of',
      '2016-07-14',
      '--source',
      `file:${sample}`,
    ];
    const result = scenarioReport(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'promise                  not runnable: installer "compass" does not match /(fuel)|(joid)/',
    );
    expect(result.stdout).toMatch(/vping_ssh +scored\n/);
    expect(result.stdout).toMatch(
      /healthcheck +informative \(tier healthcheck\): shown when it ran, never scored\n/,
    );
    expect(result.stdout).toMatch(/colorado \/ compass: \d+\/\d+ points/);
    expect(result.stdout).toMatch(/vping_ssh +\d \(scored\) .*→ \d points\n +runs: 2016-07-1\d/);

    // Two installers are refused rather than one of them explained silently.
    const withFuel = scenarioReport([...args, '--installer', 'fuel']);
    expect(withFuel.code).toBe(2);
    expect(withFuel.stderr).toContain('one --installer');

    const bgpvpn = scenarioReport([
      'criteria',
      'explain',
      '--criteria',
      join(root, 'criteria'),
      '--installer',
      'fuel',
      '--scenario',
      'os-odl_l2-bgpvpn-ha',
    ]);
    expect(bgpvpn.stdout).toContain(
      'vims                     not runnable: scenario "os-odl_l2-bgpvpn-ha" does not match /(ocl)|(nosdn)|^(os-odl)((?!bgpvpn).)*$/',
    );
  });
});

describe('configuration', () => {
  const periodOf = (stdout: string) => Number(/^period: (\d+)$/m.exec(stdout)?.[1]);

  it('takes a flag over the environment over reporting.yaml over the default', async () => {
    expect(periodOf(scenarioReport(['config', 'print']).stdout)).toBe(10);
    await writeFile(join(work, 'reporting.yaml'), 'period: 7\n');
    expect(periodOf(scenarioReport(['config', 'print']).stdout)).toBe(7);
    expect(periodOf(scenarioReport(['config', 'print'], { SCENARIO_REPORT_PERIOD: '5' }).stdout)).toBe(5);
    expect(
      periodOf(scenarioReport(['config', 'print', '--period', '3'], { SCENARIO_REPORT_PERIOD: '5' }).stdout),
    ).toBe(3);
  });

  it('prints a reporting.yaml that generate --config loads back', async () => {
    const printed = scenarioReport([
      'config',
      'print',
      '--source',
      `file:${sample}`,
      '--criteria',
      join(root, 'criteria'),
      '--period',
      '30',
      '--out',
      join(work, 'out'),
      '--as-of',
      '2016-07-14T23:59:59Z',
    ]);
    expect(printed.code).toBe(0);
    await writeFile(join(work, 'printed.yaml'), printed.stdout);
    const generated = scenarioReport(['generate', '--config', join(work, 'printed.yaml'), '--json']);
    expect(generated.stderr).not.toMatch(/error/);
    expect(generated.code).toBe(0);
    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    expect(status.period).toBe(30);
  });

  it('takes the knobs of the 2016 job as flags, and refuses a --discover-by that names no test case', () => {
    const printed = scenarioReport([
      'config',
      'print',
      '--original-last-runs',
      '5',
      '--discover-by',
      'tempest_smoke_serial',
    ]);
    expect(printed.stdout).toMatch(/^\s*originalLastRuns: 5$/m);
    expect(printed.stdout).toMatch(/^\s*discoverBy: tempest_smoke_serial$/m);
    const criteria = join(root, 'criteria');
    const unknown = scenarioReport([
      'generate',
      '--criteria',
      criteria,
      '--discover-by',
      'tempest',
      '--dry-run',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"tempest" is not a test case of the criteria');
  });

  it('exits 2 on a bad environment value, naming the variable', () => {
    const result = scenarioReport(['config', 'print'], { SCENARIO_REPORT_PERIOD: 'ten' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SCENARIO_REPORT_PERIOD');
  });

  it('never shows the password of a mongodb:// URI: not in config print, logs or errors', () => {
    const env = {
      MONGODB_URI: 'mongodb://reporter:s3cr3t-pw@127.0.0.1:1/?directConnection=true',
      SCENARIO_REPORT_MONGO_SERVER_SELECTION_TIMEOUT_MS: '300',
    };
    const printed = scenarioReport(['config', 'print'], env);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('mongodb://reporter:***@127.0.0.1:1/');
    for (const args of [
      ['generate', '--criteria', join(root, 'criteria'), '--as-of', '2016-07-14'],
      ['generate', '--criteria', join(root, 'criteria'), '--verbose', '--log-format', 'json'],
    ]) {
      const result = scenarioReport(args, env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot reach MongoDB/);
      expect(`${result.stdout}${result.stderr}${printed.stdout}`).not.toContain('s3cr3t-pw');
    }
  });
});

describe('command line', () => {
  it('suggests the flag a typo meant, exit 2', () => {
    const result = scenarioReport(['generate', '--perod', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('did you mean --period?');
  });

  it.each(['generate', 'schedule', 'criteria', 'state', 'config', 'indexes', 'export'])(
    '%s --help shows an example',
    (command) => {
      const result = scenarioReport([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Examples:');
    },
  );

  it('--help without a command shows an example too', () => {
    const result = scenarioReport(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
  });

  it.each([
    [
      'generate',
      ['--period', '--notify-url', '--dry-run', '--backfill'],
      ['--cron', '--format', '--scenario'],
    ],
    ['schedule', ['--cron', '--period', '--out'], ['--dry-run', '--format', '--scenario']],
    [
      'criteria',
      ['--scenario', '--source', '--period', '--state'],
      ['--notify-url', '--retention-days', '--cron'],
    ],
    ['state', ['--state', '--out', '--installer', '--format'], ['--period', '--rule', '--source', '--cron']],
    ['indexes', ['--source', '--database', '--collection', '--create'], ['--out', '--period', '--rule']],
  ])('%s --help lists its own options only', (command, own, others) => {
    const help = scenarioReport([command, '--help']).stdout;
    for (const flag of own) expect(help).toMatch(new RegExp(`^\\s+${flag}\\b`, 'm'));
    for (const flag of others) expect(help).not.toMatch(new RegExp(`^\\s+${flag}\\b`, 'm'));
  });

  it('--verbose logs the query and the time each phase took, as debug events', () => {
    const result = scenarioReport([
      ...generateArgs(`file:${sample}`, '2016-07-14', join(work, 'out')),
      '--dry-run',
      '--verbose',
      '--log-format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const events = result.stderr
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { level: string; event: string; phase?: string; testCases?: string[] },
      );
    const debug = events.filter((event) => event.level === 'debug');
    expect(debug.find((event) => event.event === 'source.query')?.testCases).toContain('vping_ssh');
    expect(debug.filter((event) => event.event === 'phase.done').map((event) => event.phase)).toEqual([
      'read',
      'verdict',
    ]);
    const quiet = scenarioReport([
      'generate',
      '--criteria',
      join(root, 'criteria'),
      '--as-of',
      '2016-07-14',
      '--dry-run',
    ]);
    expect(quiet.stderr).not.toMatch(/source\.query|phase\.done/);
  });

  it("refuses another command's flag, saying whose it is not, exit 2", () => {
    const result = scenarioReport(['state', 'show', '--period', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--period is not an option of this command');
  });
});

describe('export pdf', () => {
  it('exits 2 when --out holds no site, saying to generate one first', () => {
    const result = scenarioReport(['export', 'pdf', '--out', join(work, 'no-site')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('run scenario-report generate first, or name the site with --out');
  });

  it('exits 2 saying how to install Chromium when the locator finds none, and writes nothing', async () => {
    const out = join(work, 'out');
    await mkdir(join(out, 'current', 'colorado'), { recursive: true });
    const status = { versions: [{ version: 'colorado', installers: [{ installer: 'fuel' }] }] };
    await writeFile(join(out, 'current', 'status.json'), JSON.stringify(status));
    const missing = join(work, 'no-chromium');
    const result = scenarioReport(['export', 'pdf', '--out', out], { SCENARIO_REPORT_CHROMIUM: missing });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `export pdf needs Chromium: SCENARIO_REPORT_CHROMIUM is ${missing}, which is not an executable file.`,
    );
    expect(result.stderr).toContain('Install one: apt-get install chromium (Debian, Ubuntu)');
    expect(await readdir(out)).toEqual(['current']);
  });

  it('exits 2 when no status page matches --version and --installer', async () => {
    const out = join(work, 'out');
    await mkdir(join(out, 'current'), { recursive: true });
    const status = { versions: [{ version: 'colorado', installers: [{ installer: 'fuel' }] }] };
    await writeFile(join(out, 'current', 'status.json'), JSON.stringify(status));
    const result = scenarioReport(['export', 'pdf', '--out', out, '--installer', 'apex']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no status page in');
  });
});
