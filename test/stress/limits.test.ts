// Limits: a 16 MB details in one document, 200,000 scenario names, one scenario with 100,000 runs in
// the window. The job must finish in bounded memory (each run gets a capped heap), without a stack
// overflow, and say where it truncated.
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultDocument } from '../support/builders.js';
import { cli, root } from '../support/cli.js';
import { sitePath } from '../support/site.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-stress-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

// vping_ssh: scored on every installer by the shipped criteria, so each document's scenario is listed
// (a scenario with informative runs only, healthcheck's, is not).
const doc = (fields: Record<string, unknown>) =>
  resultDocument({ case_name: 'vping_ssh', pod_name: undefined, ...fields });

async function writeLines(count: number, line: (i: number) => object): Promise<string> {
  const path = join(work, 'results.ndjson');
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${JSON.stringify(line(i))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

/** generate in a child whose heap is capped: a job that held the input would die of it. */
function generate(path: string, heapMiB: number) {
  const result = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${heapMiB}`,
      cli,
      'generate',
      '--source',
      `file:${path}`,
      '--criteria',
      join(root, 'criteria'),
    ].concat(['--as-of', '2016-07-14', '--out', join(work, 'out'), '--json']),
    { cwd: work, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('limits', () => {
  it('scores a document whose details are 16 MB', async () => {
    const path = await writeLines(3, (i) =>
      doc({
        start_date: `2016-07-1${i + 1} 06:00:00`,
        details: { log: i === 1 ? 'x'.repeat(16 * 1024 * 1024) : 'short' },
      }),
    );
    const result = generate(path, 256);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).documents).toMatchObject({ read: 3, used: 3, rejected: 0 });
  });

  it('rejects, and counts, a line too long to hold, and goes on', async () => {
    const path = await writeLines(3, (i) =>
      doc({ details: { log: i === 1 ? 'y'.repeat(70 * 1024 * 1024) : 'short' } }),
    );
    const result = generate(path, 512);
    expect(result.code).toBe(0);
    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    expect(status.documents.rejectedReasons).toEqual({ 'document too large': 1 });
  });

  it('rejects, and counts, a JSON-array element too long to hold', async () => {
    const path = join(work, 'results.json');
    const out = createWriteStream(path);
    out.write(`[${JSON.stringify(doc({}))},{"details":"`);
    const block = 'z'.repeat(1024 * 1024);
    for (let i = 0; i < 70; i++) if (!out.write(block)) await once(out, 'drain');
    out.end(`"},${JSON.stringify(doc({ scenario: 'os-after' }))}]`);
    await once(out, 'finish');
    const result = generate(path, 512);
    expect(result.code).toBe(0);
    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    expect(status.documents.rejectedReasons).toEqual({ 'document too large': 1 });
    expect(status.versions[0].installers[0].scenarios.map((s: { scenario: string }) => s.scenario)).toContain(
      'os-after',
    );
  });

  it('handles 200,000 scenarios in bounded memory: keeps 5000 per installer, counts and says the rest', async () => {
    const path = await writeLines(200_000, (i) => doc({ scenario: `os-scenario-${i}` }));
    const result = generate(path, 1024);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/report\.truncated .*scenarios=200000 shown=5000/);
    const summary = JSON.parse(result.stdout);
    expect(summary.versions[0].installers[0].total).toBe(200_000);
    expect((await readdir(sitePath(join(work, 'out'), 'colorado/fuel'))).length).toBe(5000);
    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    expect(status.versions[0].installers[0]).toMatchObject({ total: 200_000, hiddenScenarios: 195_000 });
    expect(await readFile(sitePath(join(work, 'out'), 'colorado/fuel.html'), 'utf8')).toContain(
      '195000 more scenarios are left out',
    );
  });

  it('keeps the newest runs of a scenario with 100,000 runs in the window', async () => {
    const start = Date.parse('2016-07-05T00:00:00Z');
    const path = await writeLines(100_000, (i) =>
      doc({ start_date: new Date(start + i * 8_000).toISOString(), criteria: i % 2 ? 'PASS' : 'FAIL' }),
    );
    const result = generate(path, 256);
    expect(result.code).toBe(0);
    const status = JSON.parse(await readFile(sitePath(join(work, 'out'), 'status.json'), 'utf8'));
    const tests = status.versions[0].installers[0].scenarios[0].tests;
    const vpingSsh = tests.find((t: { name: string }) => t.name === 'vping_ssh');
    expect(vpingSsh.runs).toHaveLength(10);
    expect(vpingSsh.runs.at(-1).date).toBe(
      new Date(start + 99_999 * 8_000).toISOString().replace('.000Z', 'Z'),
    );
  });
});
