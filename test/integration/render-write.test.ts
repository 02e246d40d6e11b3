import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderSite, sitePaths, writeSite } from '../../src/render/index.js';
import { installer, scenario, siteInput, testCase, verdict, version } from '../fixtures/verdict.js';

let parent: string;
let out: string;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'scenario-report-write-'));
  out = join(parent, 'out');
});

afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** Every file under dir: relative path → bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), (await readFile(path)).toString('base64'));
  }
  return files;
}

async function leftovers(): Promise<string[]> {
  return (await readdir(parent)).filter((name) => name !== 'out');
}

function inputWith(
  fuelPoints: 0 | 1 | 2 | 3,
  apexPoints: 0 | 1 | 2 | 3,
  fuelScenarios = ['os-nosdn-nofeature-ha'],
) {
  return siteInput({
    verdict: verdict([
      version('master', [
        installer(
          'fuel',
          fuelScenarios.map((name) =>
            scenario({ scenario: name, tests: [testCase({ points: fuelPoints })] }),
          ),
        ),
        installer('apex', [scenario({ tests: [testCase({ points: apexPoints })] })]),
      ]),
    ]),
  });
}

describe('writeSite', () => {
  it('writes exactly the rendered files, creating the parent folders, and leaves no temporary folder', async () => {
    out = join(parent, 'deep', 'site');
    const input = inputWith(3, 3);
    const { files } = await writeSite(input, { outDir: out });
    const written = await snapshot(out);
    const rendered = renderSite(input);
    expect(files).toBe(rendered.size);
    expect([...written.keys()].sort()).toEqual([...rendered.keys()].sort());
    expect(written.get('master/fuel.html')).toBe(
      Buffer.from(rendered.get('master/fuel.html')!).toString('base64'),
    );
    expect(await readdir(join(parent, 'deep'))).toEqual(['site']);
  });

  it('leaves the previous site byte-identical and no temporary folder when a write fails midway', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    const before = await snapshot(out);
    let writes = 0;
    const failing = writeSite(inputWith(1, 1, ['os-odl_l2-sfc-ha', 'os-nosdn-kvm-ha']), {
      outDir: out,
      beforeWrite: () => {
        writes += 1;
        if (writes === 5) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow(
      /could not write the site to .*disk full.*previous site was left as it was/,
    );
    expect(writes).toBeGreaterThanOrEqual(5);
    expect(await snapshot(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('leaves the previous site byte-identical when rendering fails', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    const before = await snapshot(out);
    const broken = siteInput({
      verdict: verdict([version('master', [installer('fuel', [scenario({ trend: [Number.NaN] })])])]),
    });
    await expect(writeSite(broken, { outDir: out })).rejects.toThrow(/finite numbers/);
    expect(await snapshot(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('carries the preserved state files over and drops files the site no longer produces', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    await writeFile(join(out, 'state.json'), '{"schemaVersion":1}');
    await mkdir(join(out, 'state'), { recursive: true });
    await writeFile(join(out, 'state', 'state.json.bak'), 'backup');
    await writeFile(join(out, 'stray.html'), 'old page');
    await writeSite(inputWith(2, 2), {
      outDir: out,
      preserve: ['state.json', 'state/state.json.bak', 'state.json.lock'],
    });
    expect(await readFile(join(out, 'state.json'), 'utf8')).toBe('{"schemaVersion":1}');
    expect(await readFile(join(out, 'state', 'state.json.bak'), 'utf8')).toBe('backup');
    await expect(stat(join(out, 'stray.html'))).rejects.toThrow(/ENOENT/);
    await expect(stat(join(out, 'state.json.lock'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a preserved path that leaves the output folder', async () => {
    await expect(writeSite(inputWith(3, 3), { outDir: out, preserve: ['../secret'] })).rejects.toThrow(
      /outside/,
    );
    expect(await leftovers()).toEqual([]);
  });
});

describe('writeSite scoped to one installer', () => {
  it("rewrites that installer's pages and the site-wide pages, leaving other installers byte-identical", async () => {
    await writeSite(inputWith(3, 3, ['os-nosdn-nofeature-ha', 'os-odl_l2-sfc-ha']), { outDir: out });
    const before = await snapshot(out);
    const validated = {
      master: {
        fuel: {
          'os-nosdn-nofeature-ha': {
            firstValidated: '2016-07-01',
            lastValidated: '2016-07-13',
            validatedDays: 13,
          },
        },
      },
    };
    const next = { ...inputWith(1, 0, ['os-nosdn-nofeature-ha']), validated };
    await writeSite(next, { outDir: out, scope: { installers: ['fuel'] } });
    const after = await snapshot(out);
    const apexFiles = [...before.keys()].filter(
      (path) => path.startsWith('master/apex') || path.startsWith('badges/master/apex/'),
    );
    expect(apexFiles.length).toBe(6);
    for (const path of apexFiles) expect(after.get(path), path).toBe(before.get(path));
    const rendered = renderSite(next);
    for (const path of [
      'master/fuel.html',
      'master/fuel/os-nosdn-nofeature-ha.html',
      'index.html',
      'master/validated.html',
    ]) {
      expect(after.get(path), path).toBe(Buffer.from(rendered.get(path)!).toString('base64'));
      expect(after.get(path), path).not.toBe(before.get(path));
    }
    expect(after.has(sitePaths.scenarioPage('master', 'fuel', 'os-odl_l2-sfc-ha'))).toBe(false);
    expect(await leftovers()).toEqual([]);
  });

  it('matches every architecture of the installer named in the scope', async () => {
    const archInput = (points: 0 | 3) =>
      siteInput({
        verdict: verdict([
          version('master', [
            installer('fuel@aarch64', [scenario({ tests: [testCase({ points })] })]),
            installer('fuel@x86_64', [scenario({ tests: [testCase({ points })] })]),
            installer('apex', [scenario({ tests: [testCase({ points })] })]),
          ]),
        ]),
      });
    await writeSite(archInput(3), { outDir: out });
    const before = await snapshot(out);
    await writeSite(archInput(0), { outDir: out, scope: { installers: ['fuel'] } });
    const after = await snapshot(out);
    expect(after.get('master/fuel@aarch64.html')).not.toBe(before.get('master/fuel@aarch64.html'));
    expect(after.get('master/fuel@x86_64.html')).not.toBe(before.get('master/fuel@x86_64.html'));
    expect(after.get('master/apex.html')).toBe(before.get('master/apex.html'));
  });

  it('writes the whole site when there is no previous one, so every link works', async () => {
    const input = inputWith(3, 3);
    await writeSite(input, { outDir: out, scope: { installers: ['fuel'] } });
    expect([...(await snapshot(out)).keys()].sort()).toEqual([...renderSite(input).keys()].sort());
  });
});
