// Loaded with `node --import` into the real CLI: counts every file-system call that changes the disk or
// syncs it (mkdir, open for writing, fsync, rename, symlink, link, rm) and SIGKILLs the process just before
// step KILL_AT_STEP. Without KILL_AT_STEP it prints each step on stderr ("step: N CALL PATH").
import { createRequire, syncBuiltinESMExports } from 'node:module';
import process from 'node:process';

const fsp = createRequire(import.meta.url)('node:fs/promises');
const killAt = Number(process.env.KILL_AT_STEP ?? 0);
let step = 0;

function before(call, path) {
  step += 1;
  if (step === killAt) process.kill(process.pid, 'SIGKILL');
  if (killAt === 0) process.stderr.write(`step: ${step} ${call} ${String(path)}\n`);
}

for (const call of ['mkdir', 'rename', 'symlink', 'rm']) {
  const real = fsp[call];
  fsp[call] = (...args) => {
    before(call, args.at(call === 'mkdir' || call === 'rm' ? 0 : 1));
    return real(...args);
  };
}
// A link is made with the synchronous call (publish/fs.ts linkSame).
const fs = createRequire(import.meta.url)('node:fs');
const realLinkSync = fs.linkSync;
fs.linkSync = (...args) => {
  before('link', args[1]);
  return realLinkSync(...args);
};
const realOpen = fsp.open;
fsp.open = async (path, flags = 'r', ...rest) => {
  // Numeric flags open for reading when their access mode is O_RDONLY (0).
  if (typeof flags === 'number' ? (flags & 3) !== 0 : flags !== 'r') before('open', path);
  const handle = await realOpen(path, flags, ...rest);
  const realSync = handle.sync.bind(handle);
  handle.sync = () => {
    before('fsync', path);
    return realSync();
  };
  return handle;
};
syncBuiltinESMExports();
