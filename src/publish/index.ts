// Publishing: pages and state committed together as releases of the site folder with an atomically
// switched `current` link, recovered after any crash (see commit.ts for the protocol step by step).
export { publish, recover, recoverEarlierSwap, type CommitOptions, type Release } from './commit.js';
export {
  diskFs,
  madeInPieces,
  type CommitFs,
  type FileContent,
  type TextPieces,
  type WrittenContent,
} from './fs.js';
export { resolveStatePath, siteLayout } from './layout.js';
