// A document's text → what a read of the file hands over: the parsed document; an unreadable item for
// text that is not JSON or a document too large to hold, which the normaliser counts and rejects; or
// nothing, when the query filter leaves it out, counted in its bucket. The read on one thread
// (index.ts) and a worker thread's read of a byte range (range-scan.ts readRange) both go through here.
import { unreadableItem, type SourceItem } from '../../core/index.js';
import type { LeftOut } from '../types.js';
import { TOO_LARGE, type DocumentText } from './splitter.js';

/** Why a parsed document is certainly not wanted (prefilter.ts queryFilter), or null. */
export type QueryFilter = (document: unknown) => keyof LeftOut | null;

/** The item a text stands for, or null when it is left out (then counted into `leftOut`). */
export function itemOf(text: DocumentText, unwanted: QueryFilter, leftOut: LeftOut): SourceItem | null {
  if (text === TOO_LARGE) return unreadableItem('document too large');
  if (typeof text !== 'string') {
    leftOut[text.leftOut]++;
    return null;
  }
  const document = parsed(text);
  if (document === null) return unreadableItem('invalid JSON');
  const left = unwanted(document.value);
  if (left === null) return document.value as SourceItem;
  leftOut[left]++;
  return null;
}

/** The parsed value, or null when the text is not JSON (JSON's own null comes wrapped, so it stays apart). */
export function parsed(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}
