// What a source hands over: a raw result document, or an item it could not read as one (text that is
// not JSON, a document too large to hold, one its database rejected). The unreadable item is marked by
// a symbol, which no parsed JSON or BSON document can carry: a real document with a `$tooLarge` or
// `reason` field is still judged as a document.
import type { ResultDocument } from './model.js';

const UNREADABLE: unique symbol = Symbol('unreadable item');

export interface UnreadableItem {
  readonly [UNREADABLE]: true;
  /** Why, as status.json counts it under `rejectedReasons`. */
  readonly reason: string;
  /** The source knows it starts in the report window (a database that judged it there). */
  readonly inWindow: boolean;
}

export type SourceItem = ResultDocument | UnreadableItem;

export function unreadableItem(reason: string, inWindow = false): UnreadableItem {
  return { [UNREADABLE]: true, reason, inWindow };
}

export function isUnreadable(item: unknown): item is UnreadableItem {
  return typeof item === 'object' && item !== null && UNREADABLE in item;
}
