// The page-age notice: a page opened more than staleAfterHours after it was generated says so. The
// site's script runs here in a bare V8 context with a stand-in for the page's notice and the reader's
// clock; without the script the notice stays hidden and the generation time is in the page's text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderSite } from '../../src/render/index.js';
import { siteInput } from '../support/builders.js';
import { root } from '../support/cli.js';

const script = readFileSync(join(root, 'templates/assets/site.js'), 'utf8');
const GENERATED = Date.parse('2016-07-15T06:00:00Z');
const HOUR = 3_600_000;

/** Runs the site's script against one notice, the reader's clock at `now`; returns what it shows. */
function noticeAt(now: number, staleAfterHours = 36): { hidden: boolean; text: string } {
  const attributes: Record<string, string> = {
    'data-generated': new Date(GENERATED).toISOString(),
    'data-stale-after-hours': String(staleAfterHours),
  };
  const notice = { hidden: true, textContent: '', getAttribute: (name: string) => attributes[name] ?? null };
  const document = {
    querySelectorAll: (selector: string) => (selector === '.page-age' ? [notice] : []),
  };
  const ReaderDate = class extends Date {
    static override now() {
      return now;
    }
  };
  // The script also listens for printing; this notice never prints, so the listener is not called.
  const window = { addEventListener: () => undefined };
  runInNewContext(script, { document, window, Date: ReaderDate });
  return { hidden: notice.hidden, text: notice.textContent };
}

describe('the page-age notice', () => {
  it.each([
    ['a page read the next morning', 30, true, ''],
    ['a page read three days later', 74, false, 'This page is 3 days old — the daily job may have stopped.'],
    ['a page just past the limit', 37, false, 'This page is 1 day old — the daily job may have stopped.'],
  ])('%s (%d hours after generation)', (_case, hours, hidden, text) => {
    expect(noticeAt(GENERATED + hours * HOUR)).toEqual({ hidden, text });
  });

  it('follows staleAfterHours', () => {
    expect(noticeAt(GENERATED + 13 * HOUR, 12)).toEqual({
      hidden: false,
      text: 'This page is 13 hours old — the daily job may have stopped.',
    });
  });

  it('every page carries its report day and generation time as text, and the hidden notice', () => {
    const files = renderSite(siteInput({ generatedAt: GENERATED, staleAfterHours: 36 }));
    const pages = [...files].filter(([path]) => path.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(3);
    for (const [, html] of pages) {
      expect(String(html)).toMatch(/<dt>Report day<\/dt><dd>\d{4}-\d\d-\d\d<\/dd>/);
      expect(String(html)).toContain('<dt>Generated</dt><dd>2016-07-15 06:00');
      expect(String(html)).toContain(
        '<p class="page-age" role="status" hidden data-generated="2016-07-15T06:00:00.000Z" data-stale-after-hours="36"></p>',
      );
    }
  });
});
