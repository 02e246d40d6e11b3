// Vitest's global setup: every test process gets a fresh TMPDIR of its own, and the run fails when anything
// is left in it at the end, so no test (nor the Chromium or the servers it starts) leaves files behind in
// the system's temporary folder.
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup(): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'scenario-report-tests-'));
  // Others may pass through (not list it): a test that runs the job as an unprivileged service user
  // (test/faults/service-user.test.ts) reaches its own folder inside.
  await chmod(root, 0o711);
  // Set before the workers start, so they and every process they spawn inherit it.
  process.env.TMPDIR = root;
  return async () => {
    const leftovers = await readdir(root);
    await rm(root, { recursive: true, force: true });
    if (leftovers.length > 0) {
      // Vitest reports an error thrown here but still exits 0: the exit code is set by hand.
      console.error(`Tests left files in the temporary folder: ${leftovers.sort().join(', ')}`);
      process.exitCode = 1;
    }
  };
}
