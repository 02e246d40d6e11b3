import type {
  VersionChanges,
  ByScenario,
  CriteriaSet,
  ReadinessOptions,
  DocumentStats,
  LimitHit,
  ScenarioDay,
  ValidatedRecord,
  Verdict,
} from '../core/index.js';

/** Everything the static site is rendered from: plain values, no I/O, no clock. */
export interface SiteInput {
  /** Scenarios with notRunSince set are "validated on DATE, not run since" entries added from the state. */
  verdict: Verdict;
  validated: ByScenario<ValidatedRecord>;
  /** version → installer → scenario → report day ('YYYY-MM-DD') → that day's score. */
  history: ByScenario<Record<string, ScenarioDay>>;
  /** For the criteria expression text shown beside each test case. */
  criteria: CriteriaSet;
  /** Build link pattern with `{job}` and `{build}` (see buildUrlFor). */
  ciBuildUrl: string;
  /** When the pages were generated (epoch ms, injected clock). */
  generatedAt: number;
  /** A page opened this many hours after `generatedAt` shows that it is old (see assets/site.js). */
  staleAfterHours: number;
  documents: DocumentStats;
  /** The status.json text, written by the same atomic swap. */
  statusJson: string;
  /** What changed, per version, newest report day first (from the state's history). */
  changes: VersionChanges[];
  /** The release rule of the overview's readiness matrix (the same as status.json's). */
  readiness: ReadinessOptions;
  /** Bounds the report hit, shown on the overview. */
  limits?: LimitHit[];
}

/** Relative path inside the output directory → file content. */
export type SiteFiles = Map<string, string | Buffer>;

export interface WriteSiteOptions {
  outDir: string;
  /** Regenerate only these installers' pages (base names match every `@arch` variant); other installers' files stay as they were. */
  scope?: { installers: string[] };
  /**
   * A backfill of an earlier day: only the history files (validated and changes pages, CSV, feeds,
   * status.json) are written; every other file of the previous site stays as it was.
   */
  historyOnly?: boolean;
  /** Relative paths inside outDir that are not the site's but must survive the swap (state file, its backup and lock). */
  preserve?: string[];
  /** Files that are not pages but must change in the same swap (the state, when it lives inside outDir). */
  extraFiles?: ReadonlyMap<string, string>;
  /** Called before each file is written into the temporary directory; a throw aborts the write and leaves the old site. */
  beforeWrite?: (relativePath: string) => void;
}
