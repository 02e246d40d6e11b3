// What a source yielded, as plain values a test can compare: an unreadable item becomes `{ unreadable: reason }`.
import { isUnreadable, type ResultDocument, type SourceItem } from '../../src/core/index.js';

export function plainItem(item: SourceItem): ResultDocument {
  return isUnreadable(item) ? { unreadable: item.reason } : item;
}
