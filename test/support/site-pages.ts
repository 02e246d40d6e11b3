// What the published pages print, read back as plain values (the templates' markup, matched by pattern):
// enough for a test to compare the pages with status.json and the state.

export function reportDayOf(page: string): string | undefined {
  return /<dt>Report day<\/dt><dd>([^<]*)<\/dd>/.exec(page)?.[1];
}

/** The rows of a table's body found by `opening`, each as its markup. */
function tableRows(page: string, opening: string): string[] {
  const start = page.indexOf(opening);
  if (start === -1) return [];
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page.slice(start))?.[1] ?? '';
  return [...body.matchAll(/<tr[\s>][\s\S]*?<\/tr>/g)].map(([row]) => row);
}

/** The scenario rows of an installer page: name, status word and score as printed. */
export function installerRows(page: string): { scenario: string; word: string; score: string }[] {
  return tableRows(page, '<table class="status-table" id="scenarios"').map((row) => ({
    scenario: /<th scope="row" class="scenario"><a [^>]*>([^<]*)<\/a>/.exec(row)?.[1] ?? '?',
    word: /<span class="status [^"]*" title="[^"]*">([^<]*)<\/span>/.exec(row)?.[1] ?? '?',
    score: /<td class="num score" data-sort="[^"]*">([^<]*)<\/td>/.exec(row)?.[1] ?? '?',
  }));
}

/** validated.html's rows as "installer scenario first last days". */
export function validatedRows(page: string): string[] {
  const row =
    /<tr>\n<td>([^<]*)<\/td>\n<th scope="row">(?:<a [^>]*>)?([^<]*)(?:<\/a>)?<\/th>\n<td>([^<]*)<\/td>\n<td>([^<]*)<\/td>\n<td class="num">([^<]*)<\/td>/g;
  return [...page.matchAll(row)].map((match) => match.slice(1, 6).join(' '));
}

/** The overview's installer rows: name, "validated/total" and the stale count, in the page's order. */
export function overviewRows(page: string): { installer: string; count: string; stale: string }[] {
  return tableRows(page, '<table class="overview-table"').map((row) => {
    const numbers = [...row.matchAll(/<td class="num" data-sort="[^"]*">([^<]*)<\/td>/g)].map((m) => m[1]);
    return {
      installer: /<th scope="row"><a [^>]*>([^<]*)<\/a>/.exec(row)?.[1] ?? '?',
      count: numbers[0] ?? '?',
      stale: numbers[1] ?? '?',
    };
  });
}

/** The readiness matrix as "scenario installer condition" per cell ('none': not reported there). */
export function matrixCells(page: string): string[] {
  return tableRows(page, '<table class="matrix-table">').flatMap((row) => {
    const scenario = /<th scope="row" class="scenario">([^<]*)<\/th>/.exec(row)?.[1] ?? '?';
    return [...row.matchAll(/data-installer="([^"]*)" data-condition="([^"]*)"/g)].map(
      ([, installer, condition]) => `${scenario} ${installer} ${condition}`,
    );
  });
}

/** The links of a page to other files of the site: every href and src that is not a URL or a fragment. */
export function siteLinks(page: string): string[] {
  return [...page.matchAll(/\b(?:href|src)="([^"]*)"/g)]
    .map(([, link]) => (link ?? '').replace(/[#?].*$/, ''))
    .filter((link) => link !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(link));
}
