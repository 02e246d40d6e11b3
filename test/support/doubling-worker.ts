// A worker module for the pool's tests (test/unit/worker-pool.test.ts): doubles a number, refuses a
// negative one, and stops its thread on zero.
import { serveRequests } from '../../src/threads/index.js';

serveRequests((value: number) => {
  if (value < 0) throw new RangeError(`${value} is negative`);
  if (value === 0) process.exit(3);
  return value * 2;
});
