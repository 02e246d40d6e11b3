// Where a run's site is published: `--out`/current, a link to the newest complete release of the site
// (src/publish). Tests read the pages there, as the web server does.
import { join } from 'node:path';

/** The published file `path` of the site written into `out` (the site folder itself without a path). */
export function sitePath(out: string, ...path: string[]): string {
  return join(out, 'current', ...path);
}
