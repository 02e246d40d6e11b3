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
import { madeInPieces, type FileContent } from '../publish/index.js';
import type { SiteFiles, SiteInput } from './types.js';

export interface RenderOptions {
  /** Defaults to the package's templates/ folder. */
  templatesDir?: string;
}

/** Every file of the site, rendered in memory: relative path → content. No I/O beyond the first template load. */
export function renderSite(input: SiteInput, options: RenderOptions = {}): SiteFiles {
  const files: SiteFiles = new Map();
  for (const [path, content] of siteFiles(input, options)) {
    files.set(
      path,
      typeof content === 'string' || Buffer.isBuffer(content)
        ? content
        : (madeInPieces(content) ? content : [...content.pieces()]).join(''),
    );
  }
  return files;
}

/**
 * Every file of the site as relative path and content, each rendered when it is asked for: the site
 * writer writes them as they come, so a site of a million runs is never held in memory whole.
 */
export function* siteFiles(input: SiteInput, options: RenderOptions = {}): Generator<[string, FileContent]> {
  const templates = siteTemplates(options.templatesDir);
  for (const [name, bytes] of templates.assets) yield [`assets/${name}`, bytes];
  yield ['index.html', templates.render('index', indexPageModel(input))];
  yield ['status.json', input.statusJson];
  for (const version of input.verdict.versions) {
    yield [
      sitePaths.validatedPage(version.version),
      templates.render('validated', validatedPageModel(input, version)),
    ];
    yield [
      sitePaths.changesPage(version.version),
      templates.render('changes', changesPageModel(input, version)),
    ];
    const changes = input.changes.find((entry) => entry.version === version.version);
    for (const installer of version.installers) {
      const { installer: name } = installer;
      yield [
        sitePaths.installerFeed(version.version, name),
        installerFeed({
          version: version.version,
          installer: name,
          changes,
          asOf: input.verdict.asOf,
          generator: 'scenario-report',
        }),
      ];
      yield [
        sitePaths.installerPage(version.version, name),
        templates.render('installer', installerPageModel(input, version, installer)),
      ];
      yield [
        sitePaths.installerCsv(version.version, name),
        historyCsv(own(own(input.history, version.version), name) ?? {}),
      ];
      for (const scenario of installer.scenarios) {
        const badge = badgeOf(scenario);
        yield [sitePaths.badge(version.version, name, scenario.scenario, 'svg'), badgeSvg(badge)];
        yield [sitePaths.badge(version.version, name, scenario.scenario, 'json'), badgeEndpointJson(badge)];
        yield [
          sitePaths.scenarioPage(version.version, name, scenario.scenario),
          templates.render('scenario', scenarioPageModel(input, version, installer, scenario)),
        ];
      }
    }
  }
  for (const page of input.feedback ?? []) {
    yield [
      sitePaths.feedbackPage(page.version, page.report.id, page.installer),
      templates.render('feedback', feedbackPageModel(input, page)),
    ];
  }
}
