import { buildUrlFor } from '../core/index.js';

/**
 * The CI build link for a build tag, or null. buildUrlFor already refuses anything but http(s);
 * the page checks again with the URL parser because a link is the one place where data becomes
 * something a reader clicks.
 */
export function buildLink(buildTag: string | null, pattern: string): string | null {
  if (!buildTag) return null;
  const url = buildUrlFor(buildTag, pattern);
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
