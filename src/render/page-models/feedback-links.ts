// Links to the feedback pages (Tempest, vIMS) from the status pages and the overview.
import { sitePaths } from '../paths.js';
import { safeFileName } from '../safe-file-name.js';
import type { SiteInput } from '../types.js';

export interface FeedbackLink {
  label: string;
  href: string;
  testCase: string;
}

/** The id of a scenario's section on a feedback page: links from the status page land on it. */
export function feedbackAnchor(scenario: string): string {
  return `s-${safeFileName(scenario)}`;
}

/** The feedback pages of one version and installer, linked from a page at `root`. */
export function feedbackLinksOf(
  input: SiteInput,
  version: string,
  installer: string,
  root: string,
): FeedbackLink[] {
  return (input.feedback ?? [])
    .filter((page) => page.version === version && page.installer === installer)
    .map((page) => ({
      label: page.report.title,
      href: root + sitePaths.feedbackPage(version, page.report.id, installer),
      testCase: page.report.testCase,
    }));
}
