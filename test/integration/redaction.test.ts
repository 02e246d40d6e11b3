// No credential of the source or the webhook gets out of the process, whatever form it takes: not in
// `config print`, the logs, the errors, nor the published status.json, state.json and pages. Each
// secret is a distinctive string, so finding it anywhere in the output is a leak.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, generateArgs, root, sample } from '../support/cli.js';
import { startResultsApiServer, type ResultsApiServer } from '../support/results-api-server.js';
import { sitePath } from '../support/site.js';

const AS_OF = '2016-07-14T23:59:59Z';
let work: string;
let api: ResultsApiServer | undefined;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-redaction-'));
});

afterEach(async () => {
  await api?.close();
  api = undefined;
  await rm(work, { recursive: true, force: true });
});

/** The CLI as a child process, without blocking this process (a server in it must answer). */
async function scenarioReport(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: work,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, output };
}

/** Every file the run left under `dir`, as one text. */
async function publishedText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
}

const mongoForms = [
  ['a password with an unescaped /', 'mongodb://reporter:pw/Xq9z@127.0.0.1:1/?directConnection=true', 'Xq9z'],
  ['a password with an unescaped @', 'mongodb://reporter:pw@Kk7w@127.0.0.1:1/?directConnection=true', 'Kk7w'],
  ['a password with a space', 'mongodb://reporter:pw Zz8y@127.0.0.1:1/?directConnection=true', 'Zz8y'],
  ['an SRV URI', 'mongodb+srv://reporter:pw/Ss2v@cluster.invalid/results', 'Ss2v'],
  [
    'tlsCertificateKeyFilePassword',
    'mongodb://127.0.0.1:1/?directConnection=true&tls=true&tlsCertificateKeyFilePassword=Tt5k',
    'Tt5k',
  ],
  [
    'proxyPassword',
    'mongodb://127.0.0.1:1/?directConnection=true&proxyHost=127.0.0.1&proxyUsername=p&proxyPassword=Pp4x',
    'Pp4x',
  ],
  [
    'an AWS session token in authMechanismProperties',
    'mongodb://127.0.0.1:1/?directConnection=true&authMechanism=MONGODB-AWS' +
      '&authMechanismProperties=AWS_SESSION_TOKEN:Aa3s',
    'Aa3s',
  ],
] as const;

describe('MongoDB credentials', () => {
  it.each(mongoForms)('%s: not in config print, logs or errors', async (_name, uri, secret) => {
    const env = { MONGODB_URI: uri, SCENARIO_REPORT_MONGO_SERVER_SELECTION_TIMEOUT_MS: '300' };
    const printed = await scenarioReport(['config', 'print'], env);
    expect(printed.code).toBe(0);
    expect(printed.output).toContain('source:');
    const generated = await scenarioReport(
      [
        'generate',
        '--criteria',
        join(root, 'criteria'),
        '--as-of',
        '2016-07-14',
        '--verbose',
        '--log-format',
        'json',
      ],
      env,
    );
    expect(generated.code).not.toBe(0);
    expect(generated.output).toMatch(/^error: /m);
    expect(`${printed.output}${generated.output}`).not.toContain(secret);
  });
});

describe('results API and webhook credentials', () => {
  const secrets = ['Ba5v', 'Au1x', 'Pr2y', 'Ak3z', 'Ke4w', 'Nt6u', 'Wh7s'];

  async function serveSample(): Promise<ResultsApiServer> {
    const documents = (await readFile(sample, 'utf8')).split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    api = await startResultsApiServer({ documents, now: Date.parse(AS_OF) });
    return api;
  }

  const withCredentials = (url: string) =>
    `${url.replace('http://', 'http://reporter:Ba5v@')}?auth_token=Au1x&private_token=Pr2y&api-key=Ak3z&key=Ke4w`;

  it('are sent to the API, and found nowhere in the output, status.json, state.json or the pages', async () => {
    const server = await serveSample();
    const out = join(work, 'out');
    const result = await scenarioReport(
      [
        ...generateArgs(withCredentials(server.url), AS_OF, out),
        '--notify-url',
        'http://127.0.0.1:1/services/T01/Wh7s?token=Nt6u',
        '--verbose',
      ],
      { SCENARIO_REPORT_HTTP_RETRIES: '0' },
    );
    expect(result.code).toBe(0);
    expect(server.requests[0]?.searchParams.get('auth_token')).toBe('Au1x');
    expect(server.requests[0]?.searchParams.get('api-key')).toBe('Ak3z');
    const status = JSON.parse(await readFile(sitePath(out, 'status.json'), 'utf8')) as {
      source: { description: string };
    };
    expect(status.source.description).toMatch(
      /^http:\/\/reporter:\*\*\*@127\.0\.0\.1:\d+\/api\/v1\?auth_token=\*\*\*&private_token=\*\*\*&api-key=\*\*\*&key=\*\*\*$/,
    );
    const state = JSON.parse(await readFile(join(out, 'state.json'), 'utf8')) as {
      lastRun: { source: string };
    };
    expect(state.lastRun.source).toBe(status.source.description);
    const everything = `${result.output}\n${await publishedText(work)}`;
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('are found nowhere in the error of a failed read', async () => {
    const server = await serveSample();
    server.faults.push('garbage');
    const result = await scenarioReport([
      ...generateArgs(withCredentials(server.url), AS_OF, join(work, 'out')),
      '--verbose',
    ]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /malformed JSON for http:\/\/127\.0\.0\.1:\d+\/api\/v1\/results\?auth_token=\*\*\*/,
    );
    for (const secret of secrets) expect(result.output).not.toContain(secret);
  });
});
