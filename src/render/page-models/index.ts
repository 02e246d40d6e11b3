// Page models: plain, typed data computed from the verdict and the state, one interface per page, so
// templates only print values and loop (if/each) and a renamed field fails the build, not the page.
import type { FeedbackPageModel } from './feedback-page.js';
import type { ChangesPageModel } from './changes-page.js';
import type { IndexPageModel } from './index-page.js';
import type { InstallerPageModel } from './installer-page.js';
import type { ScenarioPageModel } from './scenario-page.js';
import type { ValidatedPageModel } from './validated-page.js';

export { changesPageModel } from './changes-page.js';
export { feedbackPageModel } from './feedback-page.js';
export { indexPageModel } from './index-page.js';
export { installerPageModel } from './installer-page.js';
export { scenarioPageModel } from './scenario-page.js';
export { validatedPageModel } from './validated-page.js';

/** Each page template and the model it is rendered with. */
export interface PageModels {
  index: IndexPageModel;
  installer: InstallerPageModel;
  scenario: ScenarioPageModel;
  validated: ValidatedPageModel;
  changes: ChangesPageModel;
  feedback: FeedbackPageModel;
}

export type PageName = keyof PageModels;
