// `<version>/validated.html`: every scenario ever validated on the version, from the state.
import { compareText, own, type ValidatedRecord, type VersionVerdict } from '../../core/index.js';
import { rootPrefix, sitePaths } from '../paths.js';
import type { SiteInput } from '../types.js';
import { scenarioLinker, statusOf, type StatusModel } from './cells.js';
import { versionHeaderOf, type HeaderModel } from './header.js';

export interface ValidatedRow extends ValidatedRecord, StatusModel {
  installer: string;
  scenario: string;
  href: string | null;
  /** Today's score, or a dash when this report does not show the scenario. */
  scoreLabel: string;
}

/** A scenario validated once that this report does not show: nothing to say about today. */
const NOT_REPORTED: StatusModel & { scoreLabel: string } = {
  statusClass: 'info',
  statusLabel: 'not reported',
  statusReason: 'not in this report: no run in the period and no validation to remember',
  flags: [],
  scoreLabel: '–',
};

export interface ValidatedPageModel {
  header: HeaderModel;
  version: string;
  rows: ValidatedRow[];
  installers: Array<{ installer: string; href: string }>;
}

export function validatedPageModel(input: SiteInput, version: VersionVerdict): ValidatedPageModel {
  const page = sitePaths.validatedPage(version.version);
  const root = rootPrefix(page);
  const linkTo = scenarioLinker(version, root);
  const today = new Map(
    version.installers.flatMap((installer) =>
      installer.scenarios.map((s) => [`${installer.installer}\u0000${s.scenario}`, s] as const),
    ),
  );
  const rows: ValidatedRow[] = [];
  for (const [installer, scenarios] of Object.entries(own(input.validated, version.version) ?? {})) {
    for (const [scenario, record] of Object.entries(scenarios)) {
      const current = today.get(`${installer}\u0000${scenario}`);
      const status = current
        ? { ...statusOf(current), scoreLabel: `${current.score}/${current.max}` }
        : NOT_REPORTED;
      rows.push({ installer, scenario, href: linkTo(installer, scenario), ...record, ...status });
    }
  }
  rows.sort((a, b) => compareText(a.installer, b.installer) || compareText(a.scenario, b.scenario));
  return {
    header: versionHeaderOf(input, page, `Validated scenarios · ${version.version}`, version.version),
    version: version.version,
    rows,
    installers: version.installers.map((installer) => ({
      installer: installer.installer,
      href: root + sitePaths.installerPage(version.version, installer.installer),
    })),
  };
}
