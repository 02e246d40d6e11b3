import { own } from '../core/index.js';
import { installerFeed } from './atom.js';
import { badgeEndpointJson, badgeOf, badgeSvg } from './badges.js';
import { historyCsv } from './csv.js';
import { siteTemplates } from './environment.js';
import {
  changesPageModel,
  feedbackPageModel,
  indexPageModel,
  installerPageModel,
  scenarioPageModel,
  validatedPageModel,
} from './page-models/index.js';
import { sitePaths } from './paths.js';
import type { SiteFiles, SiteInput } from './types.js';

export interface RenderOptions {
  /** Defaults to the package's templates/ folder. */
  templatesDir?: string;
}

/** Every file of the site, rendered in memory: relative path → content. No I/O beyond the first template load. */
export function renderSite(input: SiteInput, options: RenderOptions = {}): SiteFiles {
  const templates = siteTemplates(options.templatesDir);
  const files: SiteFiles = new Map();
  for (const [name, bytes] of templates.assets) files.set(`assets/${name}`, bytes);
  files.set('index.html', templates.render('index', indexPageModel(input)));
  files.set('status.json', input.statusJson);
  for (const version of input.verdict.versions) {
    files.set(
      sitePaths.validatedPage(version.version),
      templates.render('validated', validatedPageModel(input, version)),
    );
    files.set(
      sitePaths.changesPage(version.version),
      templates.render('changes', changesPageModel(input, version)),
    );
    const changes = input.changes.find((entry) => entry.version === version.version);
    for (const installer of version.installers) {
      const { installer: name } = installer;
      files.set(
        sitePaths.installerFeed(version.version, name),
        installerFeed({
          version: version.version,
          installer: name,
          changes,
          asOf: input.verdict.asOf,
          generator: 'scenario-report',
        }),
      );
      files.set(
        sitePaths.installerPage(version.version, name),
        templates.render('installer', installerPageModel(input, version, installer)),
      );
      files.set(
        sitePaths.installerCsv(version.version, name),
        historyCsv(own(own(input.history, version.version), name) ?? {}),
      );
      for (const scenario of installer.scenarios) {
        const badge = badgeOf(scenario);
        files.set(sitePaths.badge(version.version, name, scenario.scenario, 'svg'), badgeSvg(badge));
        files.set(
          sitePaths.badge(version.version, name, scenario.scenario, 'json'),
          badgeEndpointJson(badge),
        );
        files.set(
          sitePaths.scenarioPage(version.version, name, scenario.scenario),
          templates.render('scenario', scenarioPageModel(input, version, installer, scenario)),
        );
      }
    }
  }
  for (const page of input.feedback ?? []) {
    files.set(
      sitePaths.feedbackPage(page.version, page.report.id, page.installer),
      templates.render('feedback', feedbackPageModel(input, page)),
    );
  }
  return files;
}
