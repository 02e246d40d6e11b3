// Links to the CI build behind a run. Build tags are `jenkins-<job>-<build>`; the site's pattern says
// where that job lives. Only http(s) results are returned, because the link ends up on a page.
import { memoised } from './memo.js';

const BUILD_TAG_PREFIX = 'jenkins-';

/** The build URL for a build tag, or null when the tag is not `jenkins-<job>-<number>` or the result is not http(s). */
export function buildUrlFor(buildTag: string, pattern: string): string | null {
  if (!buildTag.startsWith(BUILD_TAG_PREFIX)) return null;
  const rest = buildTag.slice(BUILD_TAG_PREFIX.length);
  const dash = rest.lastIndexOf('-');
  const job = rest.slice(0, dash);
  const build = rest.slice(dash + 1);
  if (dash <= 0 || build === '' || !isDigits(build)) return null;
  const url = pattern
    .replaceAll('{job}', encodeURIComponent(job))
    .replaceAll('{build}', encodeURIComponent(build));
  return isHttpUrl(url) ? url : null;
}

/** buildUrlFor for one pattern, remembered per build tag: every run of a CI build carries its tag. */
export function buildUrls(pattern: string): (buildTag: string) => string | null {
  return memoised((buildTag: string) => buildUrlFor(buildTag, pattern));
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function isHttpUrl(text: string): boolean {
  if (!text.startsWith('http://') && !text.startsWith('https://')) return false;
  try {
    const parsed = new URL(text);
    return parsed.hostname !== '';
  } catch {
    return false;
  }
}
