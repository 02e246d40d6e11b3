// `<version>/validated.html`: every scenario ever validated on the version, from the state.
import { compareText, own, type ValidatedRecord, type VersionVerdict } from '../../core/index.js';
import { rootPrefix, sitePaths } from '../paths.js';
import type { SiteInput } from '../types.js';
import { scenarioLinker } from './cells.js';
import { headerOf, versionAnchor, type HeaderModel } from './header.js';

export interface ValidatedRow extends ValidatedRecord {
  installer: string;
  scenario: string;
  href: string | null;
}

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
  const rows: ValidatedRow[] = [];
  for (const [installer, scenarios] of Object.entries(own(input.validated, version.version) ?? {})) {
    for (const [scenario, record] of Object.entries(scenarios)) {
      rows.push({ installer, scenario, href: linkTo(installer, scenario), ...record });
    }
  }
  rows.sort((a, b) => compareText(a.installer, b.installer) || compareText(a.scenario, b.scenario));
  return {
    header: headerOf(input, {
      page,
      title: `Validated scenarios · ${version.version}`,
      crumbs: [{ label: version.version, href: versionAnchor(root, version.version) }],
      version: version.version,
    }),
    version: version.version,
    rows,
    installers: version.installers.map((installer) => ({
      installer: installer.installer,
      href: root + sitePaths.installerPage(version.version, installer.installer),
    })),
  };
}
