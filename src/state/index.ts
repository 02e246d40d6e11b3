// The state file on disk: read (and migrate), write atomically, and lock so two runs never interleave.
// A state that cannot be trusted stops the run and is never overwritten.
export {
  loadState,
  parseState,
  prepareState,
  readStateText,
  saveState,
  serialiseState,
  type PreparedState,
} from './store.js';
export { acquireStateLock, lockPathFor, stateInsideOut, type StateLock } from './lock.js';
