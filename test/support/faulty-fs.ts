// A file system for the commit protocol that counts its steps (every call that changes the disk, or
// syncs it) and, at a chosen step, fails once or "dies": that step and every later one are refused, as
// nothing more reaches the disk after a kill or a power loss. The steps are the protocol's own; the
// fsyncs are counted and refused like any step but not performed: what they guard against is a power
// loss, which no test can cause, and on a busy disk they would make a run at every step take minutes.
// The SIGKILL runs of test/faults/crash-consistency.test.ts go through the real, syncing disk.
import { writeFile } from 'node:fs/promises';
import { diskFs, type CommitFs } from '../../src/publish/index.js';

export type Fault = { kind: 'fail' | 'die'; atStep: number };

export interface FaultyFs extends CommitFs {
  /** Steps attempted so far, refused ones included. */
  readonly steps: number;
  /** Each step's operation and path, in order. */
  readonly log: string[];
}

const STEPS = [
  'makeFolder',
  'writeDurable',
  'linkSame',
  'syncFolder',
  'rename',
  'symlink',
  'remove',
] as const;

export function faultyFs(fault: Fault | null = null): FaultyFs {
  let steps = 0;
  let dead = false;
  const log: string[] = [];
  const fs = { ...diskFs } as Record<string, unknown>;
  const performed: CommitFs = {
    ...diskFs,
    writeDurable: (path, content) =>
      writeFile(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : content.pieces(), {
        flag: 'wx',
        mode: 0o644,
      }),
    syncFolder: async () => {},
  };
  for (const name of STEPS) {
    const real = performed[name] as (...args: unknown[]) => Promise<void>;
    fs[name] = async (...args: unknown[]) => {
      steps += 1;
      // The path a step changes: a written file's (its first argument), a linked one's (its second), else
      // the last (rename's target).
      const changed = name === 'writeDurable' ? args[0] : name === 'linkSame' ? args[1] : args.at(-1);
      log.push(`${name} ${String(changed)}`);
      if (fault !== null && steps === fault.atStep) {
        if (fault.kind === 'die') dead = true;
        throw new Error(`injected ${fault.kind} at step ${steps} (${name})`);
      }
      if (dead) throw new Error(`the process is dead (step ${steps}, ${name})`);
      return real(...args);
    };
  }
  return Object.defineProperties(fs, {
    steps: { get: () => steps },
    log: { get: () => log },
  }) as unknown as FaultyFs;
}
