// What an empty window means. A source with no result document at all is a misconfiguration (exit 1);
// a version or installer named on the command line that neither the source nor the state has ever seen
// is a typo (exit 2, "did you mean"); anything else without a run in the window is a lab outage, which
// the report shows as stale instead of failing.
import { closest } from '../config/index.js';
import { ConfigError, SourceError, type ReportState, type Run } from '../core/index.js';
import type { ResultsSource } from '../sources/index.js';

export interface Presence {
  /** True when the window held no run of any version and installer asked for. */
  outage: boolean;
}

interface Asked {
  versions: string[];
  installers: string[];
}

/**
 * Checks the names asked for against the runs read, then the source and the state for those without a
 * run. The source is asked only for those, so a normal day costs nothing; `state` is read only then too.
 */
export async function checkPresence(
  source: ResultsSource,
  asked: Asked,
  read: { documents: number; runs: readonly Run[]; rejectedInWindow: number },
  state: () => Promise<ReportState>,
): Promise<Presence> {
  if (read.runs.length === 0 && read.rejectedInWindow > 0) {
    // Not an outage: results arrived and none could be read (a changed document format, say). Publishing
    // an empty or all-stale day would hide it; the site stays at the last good day and the run fails.
    throw new SourceError(
      `all ${read.rejectedInWindow} result documents of the window were rejected (see the ` +
        'document.rejected lines above), so there is nothing to report: check what writes the results. ' +
        'Nothing was written; the site stays as the last run left it.',
    );
  }
  if (read.documents === 0 && !(await source.holds({ versions: [], installers: [] }))) {
    throw new SourceError(
      `${source.description} holds no result document at all (an empty file or collection, or the wrong ` +
        'database, collection or API): check --source, --database and --collection. Nothing was written.',
    );
  }
  // Only names asked for are looked for: a normal day asks for none, and a million runs need no pass.
  const seen = (asked: readonly string[], nameOf: (run: Run) => string) =>
    asked.length === 0 ? new Set<string>() : new Set(read.runs.map(nameOf));
  const seenVersions = seen(asked.versions, (run) => run.version);
  const seenInstallers = seen(asked.installers, (run) => run.installer);
  const absentVersions = asked.versions.filter((version) => !seenVersions.has(version));
  const absentInstallers = asked.installers.filter((installer) => !seenInstallers.has(installer));
  if (absentVersions.length > 0 || absentInstallers.length > 0) {
    const known = stateNames(await state());
    await refuseUnknown('version', absentVersions, known.versions, [...seenVersions], (version) =>
      source.holds({ versions: [version], installers: [] }),
    );
    await refuseUnknown('installer', absentInstallers, known.installers, [...seenInstallers], (installer) =>
      source.holds({ versions: [], installers: [installer] }),
    );
  }
  return { outage: read.runs.length === 0 };
}

async function refuseUnknown(
  kind: 'version' | 'installer',
  absent: string[],
  inState: Set<string>,
  inWindow: string[],
  inSource: (name: string) => Promise<boolean>,
): Promise<void> {
  for (const name of absent) {
    if (inState.has(name) || (await inSource(name))) continue;
    const hint = closest(name, [...new Set([...inState, ...inWindow])].sort());
    throw new ConfigError(
      `unknown ${kind} "${name}": neither the source nor the state has any result of it` +
        `${hint === null ? '.' : ` — did you mean ${hint}?`} Nothing was written.`,
    );
  }
}

/** Every version and installer (base name, without its `@arch`) the state has a day or a validation of. */
function stateNames(state: ReportState): { versions: Set<string>; installers: Set<string> } {
  const versions = new Set<string>();
  const installers = new Set<string>();
  for (const byVersion of [state.history, state.validated, state.archive]) {
    for (const [version, byInstaller] of Object.entries(byVersion)) {
      versions.add(version);
      for (const installer of Object.keys(byInstaller)) installers.add(installer.split('@')[0] ?? installer);
    }
  }
  return { versions, installers };
}
