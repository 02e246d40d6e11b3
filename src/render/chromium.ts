// Finds a Chromium to drive headless (the browser tests, a PDF export) on any machine: the one named by
// SCENARIO_REPORT_CHROMIUM, else the system's on PATH, else the one shipped compressed inside the npm
// package @sparticuz/chromium, unpacked once into a cache folder. The npm one makes a machine with only
// Node and npm enough: browser builds downloaded by playwright or puppeteer cannot be fetched everywhere.
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';

/** Names a system Chromium goes by on PATH (Debian's, other distributions', Google's). */
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
const NPM_PACKAGE = '@sparticuz/chromium';

export interface LocatedChromium {
  executablePath: string;
  origin: 'SCENARIO_REPORT_CHROMIUM' | 'system' | typeof NPM_PACKAGE;
  /** How this build draws without a screen: a system one without its GPU, the npm one through SwiftShader. */
  args: string[];
}

const SYSTEM_ARGS = ['--disable-gpu'];
/** The npm build is a headless shell without GPU drivers: it draws with the SwiftShader libraries unpacked beside it. */
const NPM_ARGS = ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export interface ChromiumSearch {
  /** Where SCENARIO_REPORT_CHROMIUM and PATH are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where the npm package's Chromium is unpacked, once per version. */
  cacheDir: string;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function onPath(pathVariable: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVariable ?? '').split(delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) {
      if (await isExecutableFile(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

/** The root folder of the installed npm package, or undefined when it is not installed. */
function packageRoot(): string | undefined {
  try {
    // The package exports only its entry point (build/cjs/index.cjs), two folders below its root.
    return resolve(dirname(createRequire(import.meta.url).resolve(NPM_PACKAGE)), '../..');
  } catch {
    return undefined;
  }
}

/** Tar's header block and the fields read from it (POSIX ustar): file name, size in octal, entry type. */
const TAR_BLOCK = 512;
const TAR_NAME = [0, 100] as const;
const TAR_SIZE = [124, 136] as const;
const TAR_TYPE = 156;
const TAR_REGULAR_FILE = new Set(['0', '\0']);

/** Writes the regular files of an uncompressed tar archive into `dir` (flat: the package's archives have no folders). */
async function untar(archive: Buffer, dir: string): Promise<void> {
  for (let offset = 0; offset + TAR_BLOCK <= archive.length;) {
    const header = archive.subarray(offset, offset + TAR_BLOCK);
    const name = header.toString('utf8', ...TAR_NAME).replace(/\0.*$/s, '');
    if (name === '') return;
    const size = parseInt(
      header
        .toString('ascii', ...TAR_SIZE)
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    const body = offset + TAR_BLOCK;
    if (TAR_REGULAR_FILE.has(String.fromCharCode(header[TAR_TYPE] ?? 0)) && !name.includes('/')) {
      await writeFile(join(dir, name), archive.subarray(body, body + size), { mode: 0o755 });
    }
    offset = body + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
  }
}

/** Unpacks the package's brotli-compressed binary into `cacheDir`, through a temporary name so a half-written one is never used. */
async function unpacked(root: string, cacheDir: string): Promise<string> {
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const target = join(cacheDir, `chromium-${version}`, 'chromium');
  if (await isExecutableFile(target)) return target;
  await mkdir(dirname(target), { recursive: true });
  await untar(brotliDecompressSync(await readFile(join(root, 'bin/swiftshader.tar.br'))), dirname(target));
  const partial = `${target}.${process.pid}.partial`;
  try {
    await pipeline(
      createReadStream(join(root, 'bin/chromium.br')),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return target;
}

/** The Chromium to launch, or an error that says how to get one. */
export async function locateChromium({ env, cacheDir }: ChromiumSearch): Promise<LocatedChromium> {
  const named = env.SCENARIO_REPORT_CHROMIUM;
  if (named) {
    if (await isExecutableFile(named))
      return { executablePath: named, origin: 'SCENARIO_REPORT_CHROMIUM', args: SYSTEM_ARGS };
    throw new Error(`SCENARIO_REPORT_CHROMIUM is ${named}, which is not an executable file.`);
  }
  const system = await onPath(env.PATH);
  if (system) return { executablePath: system, origin: 'system', args: SYSTEM_ARGS };
  const root = packageRoot();
  if (root) return { executablePath: await unpacked(root, cacheDir), origin: NPM_PACKAGE, args: NPM_ARGS };
  throw new Error(
    `No Chromium found: none of ${SYSTEM_NAMES.join(', ')} is on PATH and the npm package ${NPM_PACKAGE} ` +
      'is not installed. Install either, or set SCENARIO_REPORT_CHROMIUM to a Chromium binary.',
  );
}
