// Which Chromium the browser tests and the PDF export launch: the named one, the system's, or the npm one.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateChromium } from '../../src/render/chromium.js';

let work: string;

async function fakeBinary(path: string, mode: number): Promise<string> {
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, mode);
  return path;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scenario-report-chromium-'));
  await mkdir(join(work, 'bin'));
  await mkdir(join(work, 'other'));
  await mkdir(join(work, 'system'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('locateChromium', () => {
  it('takes the binary SCENARIO_REPORT_CHROMIUM names before any on PATH', async () => {
    const named = await fakeBinary(join(work, 'named-chromium'), 0o755);
    await fakeBinary(join(work, 'bin/chromium'), 0o755);
    const found = await locateChromium({
      env: { SCENARIO_REPORT_CHROMIUM: named, PATH: join(work, 'bin') },
      cacheDir: join(work, 'cache'),
    });
    expect(found).toEqual({
      executablePath: named,
      origin: 'SCENARIO_REPORT_CHROMIUM',
      args: ['--disable-gpu'],
    });
  });

  it('refuses a SCENARIO_REPORT_CHROMIUM that is not executable', async () => {
    const named = await fakeBinary(join(work, 'not-executable'), 0o644);
    await expect(
      locateChromium({ env: { SCENARIO_REPORT_CHROMIUM: named }, cacheDir: join(work, 'cache') }),
    ).rejects.toThrow(`SCENARIO_REPORT_CHROMIUM is ${named}, which is not an executable file.`);
  });

  it('finds the system one on PATH, skipping files that cannot run', async () => {
    await fakeBinary(join(work, 'other/chromium'), 0o644);
    const system = await fakeBinary(join(work, 'system/chromium-browser'), 0o755);
    const found = await locateChromium({
      env: { PATH: [join(work, 'other'), join(work, 'missing'), join(work, 'system')].join(':') },
      cacheDir: join(work, 'cache'),
    });
    expect(found).toEqual({ executablePath: system, origin: 'system', args: ['--disable-gpu'] });
  });
});
