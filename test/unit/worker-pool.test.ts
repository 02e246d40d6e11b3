// The worker pool answers each request with its own reply, whichever worker takes it, and fails the
// requests it can no longer answer instead of leaving them waiting.
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerError, WorkerPool } from '../../src/threads/index.js';

const doubling = {
  from: new URL('../support/doubling-worker.ts', import.meta.url).href,
  name: 'doubling-worker',
};
let pool: WorkerPool<number, number> | null = null;

afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('WorkerPool', () => {
  it('answers every request with its own reply, more requests than workers', async () => {
    pool = new WorkerPool<number, number>(doubling, null, 2);
    const values = Array.from({ length: 20 }, (_, index) => index + 1);
    expect(await Promise.all(values.map((value) => pool?.run(value)))).toEqual(
      values.map((value) => value * 2),
    );
  });

  it("fails a request the worker refused with the worker's error name and message, and goes on", async () => {
    pool = new WorkerPool<number, number>(doubling, null, 1);
    const refused = await pool.run(-4).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkerError);
    expect(refused).toMatchObject({ errorName: 'RangeError', message: '-4 is negative' });
    expect(await pool.run(5)).toBe(10);
  });

  it('fails every waiting request, and every later one, when a worker stops', async () => {
    pool = new WorkerPool<number, number>(doubling, null, 1);
    const stopped = pool.run(0);
    const waiting = pool.run(7);
    await expect(stopped).rejects.toThrow(/worker thread stopped \(exit code 3\)/);
    await expect(waiting).rejects.toThrow(/exit code 3/);
    await expect(pool.run(1)).rejects.toThrow(/exit code 3/);
  });

  it('fails the requests still waiting when it is closed', async () => {
    pool = new WorkerPool<number, number>(doubling, null, 1);
    const replies = [pool.run(1), pool.run(2), pool.run(3)];
    await pool.close();
    const outcomes = await Promise.allSettled(replies);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
  });
});
