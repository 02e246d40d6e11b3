import { createHash } from 'node:crypto';

const MAX_LENGTH = 80;
const UNSAFE = /[^A-Za-z0-9._@-]/g;

/**
 * A file-name segment for a name that comes from the database: only [A-Za-z0-9._@-], never '.', '..',
 * hidden or empty, at most ~90 characters. When anything had to change, a short hash of the original
 * is appended, so two different names never share a file ('a/b' and 'a_b' stay apart).
 * `reserved` names (files the site itself writes beside this one) also get the suffix.
 */
export function safeFileName(name: string, reserved: ReadonlySet<string> = NO_RESERVED): string {
  let safe = name.replace(UNSAFE, '_').replace(/^\./, '_') || '_';
  const changed =
    safe !== name || safe === '' || safe.length > MAX_LENGTH || reserved.has(safe.toLowerCase());
  if (safe.length > MAX_LENGTH) safe = safe.slice(0, MAX_LENGTH);
  if (changed) safe = `${safe}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
  return safe;
}

const NO_RESERVED: ReadonlySet<string> = new Set();
