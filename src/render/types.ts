import type {
  VersionChanges,
  ByScenario,
  CriteriaSet,
  ReadinessOptions,
  DocumentStats,
  LimitHit,
  Logger,
  FeedbackPage,
  ScenarioDay,
  ValidatedRecord,
  Verdict,
} from '../core/index.js';
import type { CommitFs, FileContent } from '../publish/index.js';

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
  /** The status.json text (or its pieces, for a million runs), written by the same atomic swap. */
  statusJson: FileContent;
  /** What changed, per version, newest report day first (from the state's history). */
  changes: VersionChanges[];
  /** The release rule of the overview's readiness matrix (the same as status.json's). */
  readiness: ReadinessOptions;
  /** Bounds the report hit, shown on the overview. */
  limits?: LimitHit[];
  /** The feedback pages (Tempest, vIMS): one per report, version and installer. */
  feedback?: FeedbackPage[];
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
  /** The state that changes with these pages (one commit for both); absent when only pages are written. */
  state?: { path: string; text: string };
  /** The file system the commit goes through (tests inject one that fails or dies at a given step). */
  fs?: CommitFs;
  logger?: Logger;
}
