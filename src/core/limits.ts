// Bounds on what one report holds, whatever the data sends: a runaway job (100k installer names, 1 MB
// scenario names) costs a warning, not the run. Each limit that was hit becomes one sentence for the
// log, status.json and the overview.
import type { BeyondLimits } from './collect.js';
import type { DocumentStats, Verdict } from './model.js';

export interface ReportLimits {
  versions: number;
  installers: number;
  scenariosPerInstaller: number;
  nameLength: number;
}

export interface LimitHit {
  /** The configuration key, `limits.installers`. */
  limit: string;
  value: number;
  /** Runs, scenarios or documents left out because of it. */
  leftOut: number;
  note: string;
}

export function limitsHit(
  limits: ReportLimits,
  beyond: BeyondLimits,
  verdict: Verdict,
  documents: DocumentStats,
): LimitHit[] {
  const hits: LimitHit[] = [];
  const hit = (key: keyof ReportLimits, leftOut: number, note: string) => {
    if (leftOut > 0) hits.push({ limit: `limits.${key}`, value: limits[key], leftOut, note });
  };
  hit(
    'versions',
    beyond.versions,
    `more than ${limits.versions} versions: ${beyond.versions} runs of the versions after the first ` +
      `${limits.versions} by name were left out (name the versions to report, or raise limits.versions)`,
  );
  hit(
    'installers',
    beyond.installers,
    `more than ${limits.installers} installers in a version: ${beyond.installers} runs of the installers ` +
      `after the first ${limits.installers} by name were left out (name the installers, or raise limits.installers)`,
  );
  let hiddenScenarios = 0;
  for (const version of verdict.versions)
    for (const installer of version.installers) hiddenScenarios += installer.hiddenScenarios ?? 0;
  hit(
    'scenariosPerInstaller',
    hiddenScenarios,
    `more than ${limits.scenariosPerInstaller} scenarios in an installer: ${hiddenScenarios} scenarios ` +
      `after the first ${limits.scenariosPerInstaller} by name were left out (raise limits.scenariosPerInstaller)`,
  );
  let tooLong = 0;
  for (const [reason, count] of Object.entries(documents.rejectedReasons))
    if (reason.endsWith(' too long')) tooLong += count;
  hit(
    'nameLength',
    tooLong,
    `${tooLong} documents had a name longer than ${limits.nameLength} characters and were rejected ` +
      '(raise limits.nameLength)',
  );
  return hits;
}
