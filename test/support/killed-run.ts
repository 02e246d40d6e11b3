// A run killed outright (SIGKILL: the OOM killer, a reboot, `systemctl kill`) at a chosen point of its
// log, so a test can show what the next run finds and that it recovers.
import { spawn } from 'node:child_process';
import { cli } from './cli.js';

/**
 * Runs `scenario-report ARGS` in `cwd` and kills it with SIGKILL as soon as a log line names `event`.
 * Resolves with whether it was killed (false: it ended before logging the event) and its stderr.
 */
export function killCliAt(
  args: string[],
  cwd: string,
  event: string,
): Promise<{ killed: boolean; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH ?? '' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes(` ${event} `) && child.exitCode === null) child.kill('SIGKILL');
  });
  child.stdout.resume();
  return new Promise((done) =>
    child.on('close', (_code, signal) => done({ killed: signal === 'SIGKILL', stderr })),
  );
}
