import {
  chmod,
  cp,
  lstat,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderSite, sitePaths, writeSite } from '../../src/render/index.js';
import { diskFs, publish, type FileContent, type WrittenContent } from '../../src/publish/index.js';
import { faultyFs } from '../support/faulty-fs.js';
import { installer, scenario, siteInput, testCase, verdict, version } from '../support/builders.js';
import { sitePath } from '../support/site.js';

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

/** The published site: what `current` points at. */
const site = () => snapshot(sitePath(out));

/** Anything beside the site folder, or in it beside `current` and the two newest releases. */
async function leftovers(): Promise<string[]> {
  const beside = (await readdir(parent)).filter((name) => name !== 'out');
  const inside = (await readdir(out)).filter((name) => name !== 'current' && name !== 'releases');
  const releases = await readdir(join(out, 'releases'));
  return [...beside, ...inside, ...(releases.length > 2 ? releases : [])];
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
    const written = await site();
    const rendered = renderSite(input);
    expect(files).toBe(rendered.size);
    expect([...written.keys()].sort()).toEqual([...rendered.keys()].sort());
    expect(written.get('master/fuel.html')).toBe(
      Buffer.from(rendered.get('master/fuel.html')!).toString('base64'),
    );
    expect(await readdir(join(parent, 'deep'))).toEqual(['site']);
    expect(await readdir(out)).toEqual(['current', 'releases']);
  });

  it('leaves the previous site byte-identical and no partial release when a write fails midway', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    const before = await snapshot(out);
    const next = inputWith(1, 1, ['os-odl_l2-sfc-ha', 'os-nosdn-kvm-ha']);
    // The step of a file written midway, found on a copy of the site.
    const dry = join(parent, 'dry');
    await cp(out, dry, { recursive: true, verbatimSymlinks: true });
    const counting = faultyFs();
    await writeSite(next, { outDir: dry, fs: counting });
    await rm(dry, { recursive: true });
    const atStep = counting.log.findIndex((step, at) => step.startsWith('writeDurable ') && at > 10) + 1;
    const fs = faultyFs({ kind: 'fail', atStep });
    const failing = writeSite(next, { outDir: out, fs });
    await expect(failing).rejects.toThrow(
      new RegExp(
        `could not write the site to .*injected fail at step ${atStep}.*previous site and state were left`,
      ),
    );
    expect(fs.log[atStep - 1]).toMatch(/^writeDurable /);
    expect(await snapshot(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('leaves the previous site byte-identical when rendering fails', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    const before = await snapshot(out);
    const broken = siteInput({
      verdict: verdict([version('master', [installer('fuel', [scenario({ trend: [Number.NaN] })])])]),
    });
    const failing = writeSite(broken, { outDir: out });
    await expect(failing).rejects.toThrow(/finite numbers/);
    // The renderer's own error, not a disk failure: the files are rendered as they are written, and
    // a page that cannot be rendered is a bug to fix, not a folder to make writable.
    await expect(failing).rejects.not.toThrow(/could not write the site/);
    expect(await snapshot(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('publishes a new release each time, drops files the site no longer produces, keeps one release before', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    await writeFile(sitePath(out, 'stray.html'), 'old page');
    await writeFile(join(out, 'state.json'), '{"schemaVersion":1}');
    await writeSite(inputWith(2, 2), { outDir: out });
    const third = await writeSite(inputWith(1, 1), { outDir: out });
    expect(await readlink(join(out, 'current'))).toBe(join('releases', third.release));
    await expect(stat(sitePath(out, 'stray.html'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(out, 'state.json'), 'utf8')).toBe('{"schemaVersion":1}');
    expect(await readdir(join(out, 'releases'))).toEqual(['000002', '000003']);
  });
});

describe('publish, file by file', () => {
  it('writes every file as it comes from the generator, text in pieces included', async () => {
    const piece = 'x'.repeat(700_000);
    let produced = 0;
    function* files(): Generator<[string, FileContent]> {
      for (let index = 0; index < 150; index++) {
        produced += 1;
        yield [`pages/${index}.html`, `page ${index}`];
      }
      yield ['status.json', { pieces: () => [piece, '✓', piece, piece, '\n'] }];
      // Small pieces of multi-byte text, across several of the writer's 1 MiB buffers.
      yield ['small-pieces.txt', { pieces: () => Array.from({ length: 300_000 }, () => 'é✓ab') }];
      // Pieces longer than the buffer, written in slices: none cut inside a surrogate pair.
      yield ['long-pieces.txt', { pieces: () => longPieces }];
    }
    const longPieces = ['😀'.repeat(400_000), `a${'😀'.repeat(400_000)}`, 'é'.repeat(1_100_000)];
    const { files: written } = await publish({ files: files() }, { outDir: out });
    expect(written).toBe(153);
    expect(await readFile(sitePath(out, 'long-pieces.txt'))).toEqual(Buffer.from(longPieces.join('')));
    expect(await readFile(sitePath(out, 'small-pieces.txt'), 'utf8')).toBe('é✓ab'.repeat(300_000));
    expect(produced).toBe(150);
    expect(await readFile(sitePath(out, 'status.json'), 'utf8')).toBe(`${piece}✓${piece}${piece}\n`);
    expect(await readFile(sitePath(out, 'pages/149.html'), 'utf8')).toBe('page 149');
  });

  it("writes each page in pieces with its own bytes, though a batch's pages share a buffer used again", async () => {
    const fs = faultyFs();
    // A disk slow now and then: a batch is still being written while the next one is gathered.
    const uneven = {
      ...fs,
      writeDurable: async (path: string, content: WrittenContent) => {
        if (path.endsWith('7.html')) await new Promise((resolve) => setTimeout(resolve, 5));
        return fs.writeDurable(path, content);
      },
    };
    const pageOf = (index: number) => [`<p>${index}</p>`, '✓é'.repeat(index * 37), `${index}\n`];
    // Larger than what a batch's buffer may hold: written from a buffer of its own.
    const large = Array.from({ length: 12 }, (_, index) => String(index).repeat(1_000_000));
    function* files(): Generator<[string, FileContent]> {
      for (let index = 0; index < 300; index++) {
        yield [`pages/${index}.html`, pageOf(index)];
        if (index === 100) yield ['large.html', large];
      }
    }
    const { files: written } = await publish({ files: files() }, { outDir: out, fs: uneven });
    expect(written).toBe(301);
    for (let index = 0; index < 300; index++) {
      expect(await readFile(sitePath(out, `pages/${index}.html`), 'utf8')).toBe(pageOf(index).join(''));
    }
    expect(await readFile(sitePath(out, 'large.html'), 'utf8')).toBe(large.join(''));
  });

  it('leaves no write in flight when a file cannot be produced while the batch before it is written', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    const before = await snapshot(out);
    const fs = faultyFs();
    // A slow disk: the first batch of files is still being written when the generator fails.
    const slow = {
      ...fs,
      writeDurable: async (path: string, content: WrittenContent) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return fs.writeDurable(path, content);
      },
    };
    function* files(): Generator<[string, FileContent]> {
      for (let index = 0; index < 100; index++) yield [`pages/${index}.html`, `page ${index}`];
      throw new Error('page 100 cannot be rendered');
    }
    await expect(publish({ files: files() }, { outDir: out, fs: slow })).rejects.toThrow(
      'page 100 cannot be rendered',
    );
    const steps = fs.steps;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.steps).toBe(steps);
    expect(fs.log.filter((step) => step.startsWith('writeDurable '))).toHaveLength(64);
    expect(await snapshot(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  /** 300 pages, and a file in pieces (status.json) after the first three. */
  function* piecesAmongPages(): Generator<[string, FileContent]> {
    for (let index = 0; index < 300; index++) {
      if (index === 3) yield ['status.json', { pieces: () => ['{"runs":', '[]}', '\n'] }];
      yield [`pages/${index}.html`, `page ${index}`];
    }
  }

  it('goes on writing the batches while a file in pieces is written, and publishes once every file is', async () => {
    const fs = faultyFs();
    const done: string[] = [];
    const slowStatus = {
      ...fs,
      writeDurable: async (path: string, content: WrittenContent) => {
        // status.json at full scale: seconds to make, write and sync.
        if (path.endsWith('status.json')) await new Promise((resolve) => setTimeout(resolve, 300));
        await fs.writeDurable(path, content);
        done.push(path.slice(path.lastIndexOf('/') + 1));
      },
    };
    const { files } = await publish({ files: piecesAmongPages() }, { outDir: out, fs: slowStatus });
    expect(files).toBe(301);
    // More than one batch (64 files) was written while status.json was: the batches did not wait for it.
    expect(done.indexOf('status.json')).toBeGreaterThan(128);
    expect(await readFile(sitePath(out, 'status.json'), 'utf8')).toBe('{"runs":[]}\n');
    expect(await readFile(sitePath(out, 'pages/299.html'), 'utf8')).toBe('page 299');
  });

  it('stops the release when a file in pieces cannot be written, leaving no write in flight', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    const before = await snapshot(out);
    const fs = faultyFs();
    const failingStatus = {
      ...fs,
      writeDurable: async (path: string, content: WrittenContent) => {
        if (path.endsWith('status.json')) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          throw new Error('ENOSPC: no space left on device, write');
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
        return fs.writeDurable(path, content);
      },
    };
    await expect(publish({ files: piecesAmongPages() }, { outDir: out, fs: failingStatus })).rejects.toThrow(
      /no space left/,
    );
    const steps = fs.steps;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.steps).toBe(steps);
    // It stopped at the next batch, not at the end of the site.
    expect(fs.log.filter((step) => step.startsWith('writeDurable ')).length).toBeLessThan(200);
    expect(await snapshot(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses two files at one path, leaving the previous site', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    const before = await snapshot(out);
    const twice: Array<[string, FileContent]> = [
      ['index.html', 'one'],
      ['index.html', 'two'],
    ];
    await expect(publish({ files: twice }, { outDir: out })).rejects.toThrow(
      /two files of the release have the same path index\.html/,
    );
    expect(await snapshot(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });
});

describe('writeSite scoped to one installer', () => {
  it("rewrites that installer's pages and the site-wide pages, leaving other installers byte-identical", async () => {
    await writeSite(inputWith(3, 3, ['os-nosdn-nofeature-ha', 'os-odl_l2-sfc-ha']), { outDir: out });
    const before = await site();
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
    const after = await site();
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
    const before = await site();
    await writeSite(archInput(0), { outDir: out, scope: { installers: ['fuel'] } });
    const after = await site();
    expect(after.get('master/fuel@aarch64.html')).not.toBe(before.get('master/fuel@aarch64.html'));
    expect(after.get('master/fuel@x86_64.html')).not.toBe(before.get('master/fuel@x86_64.html'));
    expect(after.get('master/apex.html')).toBe(before.get('master/apex.html'));
  });

  it('writes the whole site when there is no previous one, so every link works', async () => {
    const input = inputWith(3, 3);
    await writeSite(input, { outDir: out, scope: { installers: ['fuel'] } });
    expect([...(await site()).keys()].sort()).toEqual([...renderSite(input).keys()].sort());
  });
});

/** Relative path → inode of every file under dir. */
async function inodes(dir: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.set(relative(dir, path), (await stat(path)).ino);
  }
  return found;
}

/** The paths whose inode is the same in both. */
const shared = (before: Map<string, number>, after: Map<string, number>) =>
  [...after].filter(([path, ino]) => before.get(path) === ino).map(([path]) => path);

describe('files the previous release holds with the same bytes', () => {
  it('are linked from it, the others written: the site is byte for byte a fresh write', async () => {
    const first = inputWith(3, 3);
    await writeSite(first, { outDir: out });
    const before = await inodes(sitePath(out));
    const next = inputWith(3, 1);
    await writeSite(next, { outDir: out });
    const renderedBefore = renderSite(first);
    const unchanged = [...renderSite(next)]
      .filter(([path, content]) => Buffer.from(content).equals(Buffer.from(renderedBefore.get(path) ?? '')))
      .map(([path]) => path);
    expect(unchanged).toContain('assets/site.css');
    expect(unchanged).not.toContain('index.html');
    expect(shared(before, await inodes(sitePath(out))).sort()).toEqual(unchanged.sort());
    expect((await stat(sitePath(out, 'assets/site.css'))).nlink).toBe(2);
    expect(await leftovers()).toEqual([]);
    const fresh = join(parent, 'fresh');
    await writeSite(next, { outDir: fresh });
    expect(await site()).toEqual(await snapshot(sitePath(fresh)));
  });

  it('are written when the file system refuses links, and a previous file changed on disk is never linked', async () => {
    const input = inputWith(3, 3);
    await writeSite(input, { outDir: out });
    await writeFile(sitePath(out, 'master/apex.html'), 'edited by hand');
    const before = await inodes(sitePath(out));
    await writeSite(input, { outDir: out });
    const linked = shared(before, await inodes(sitePath(out)));
    expect(linked).toContain('master/fuel.html');
    expect(linked).not.toContain('master/apex.html');
    const written = await site();
    expect(written.get('master/apex.html')).toBe(
      Buffer.from(renderSite(input).get('master/apex.html')!).toString('base64'),
    );

    const refused = {
      ...diskFs,
      linkSame: () => Promise.reject(Object.assign(new Error('EPERM'), { code: 'EPERM' })),
    };
    const previous = await inodes(sitePath(out));
    await writeSite(input, { outDir: out, fs: refused });
    expect(shared(previous, await inodes(sitePath(out)))).toEqual([]);
    expect(await site()).toEqual(written);
  });

  it('never links a file others may write, even with the same bytes', async () => {
    const input = inputWith(3, 3);
    await writeSite(input, { outDir: out });
    await chmod(sitePath(out, 'master/apex.html'), 0o666);
    const before = await inodes(sitePath(out));
    await writeSite(input, { outDir: out });
    const linked = shared(before, await inodes(sitePath(out)));
    expect(linked).toContain('master/fuel.html');
    expect(linked).not.toContain('master/apex.html');
    expect((await stat(sitePath(out, 'master/apex.html'))).mode & 0o777).toBe(0o644);
  });

  it('never links a symbolic link found in the previous release, even to a file with the same bytes', async () => {
    const input = inputWith(3, 3);
    await writeSite(input, { outDir: out });
    const page = sitePath(out, 'master/apex.html');
    const elsewhere = join(parent, 'elsewhere.html');
    await writeFile(elsewhere, await readFile(page));
    await rm(page);
    await symlink(elsewhere, page);
    await writeSite(input, { outDir: out });
    const written = await lstat(sitePath(out, 'master/apex.html'));
    expect(written.isFile()).toBe(true);
    expect(written.ino).not.toBe((await stat(elsewhere)).ino);
  });

  it('carries the files of installers a scoped run does not own as links', async () => {
    await writeSite(inputWith(3, 3), { outDir: out });
    const before = await inodes(sitePath(out));
    await writeSite(inputWith(1, 0), { outDir: out, scope: { installers: ['fuel'] } });
    const linked = shared(before, await inodes(sitePath(out)));
    const apexFiles = [...before.keys()].filter(
      (path) => path.startsWith('master/apex') || path.startsWith('badges/master/apex/'),
    );
    expect(apexFiles.length).toBe(6);
    for (const path of apexFiles) expect(linked, path).toContain(path);
    expect(linked).not.toContain('master/fuel.html');
  });
});
