// The state file on disk: read (and migrate), and lock so two runs never interleave (it is written by
// the commit of pages and state, src/publish).
// A state that cannot be trusted stops the run and is never overwritten.
export { loadState, parseState, readStateText, serialiseState } from './store.js';
export { acquireStateLock, acquireStateLocks, lockPathsFor, type StateLock } from './lock.js';
