import type { ScoringRule } from '../core/index.js';

/**
 * The effective reporting configuration: defaults < reporting.yaml < environment < flags.
 * Every key has a flag; see the README's configuration table.
 */
export interface ReportingConfig {
  /** `file:PATH`, `mongodb://…`, `mongodb+srv://…` or `http(s)://…/api/v1`. May hold credentials: redact before printing. */
  source: string;
  database: string;
  collection: string;
  criteriaDir: string;
  /** Empty = discovered from the data in the window. */
  versions: string[];
  installers: string[];
  /** ISO date or instant; null = now. A bare date means the end of that UTC day. */
  asOf: string | null;
  periodDays: number;
  maxRuns: number;
  rule: ScoringRule;
  originalLastRuns: number;
  /** Test case whose runs make a scenario listed (the 2016 job's tempest_smoke_serial); null = any scored one. */
  discoverBy: string | null;
  staleHours: number;
  excludeNoha: boolean;
  excludeVirtual: boolean;
  archSplit: boolean;
  /** Zone of start_date values written without one. */
  dataTimeZone: string;
  outDir: string;
  statePath: string;
  retentionDays: number;
  /** Build link pattern with `{job}` and `{build}`, from build_tag `jenkins-<job>-<build>`. */
  ciBuildUrl: string;
  /** Hours after generation a page, when opened, says it is old (a script in the page; the clock is the reader's). */
  staleAfterHours: number;
  mongo: { serverSelectionTimeoutMS: number; maxTimeMS: number; allowDiskUse: boolean };
  /** timeoutMs: one request, body included; deadlineMs: the whole read (every page, retry and wait). */
  http: { timeoutMs: number; retries: number; concurrency: number; maxPages: number; deadlineMs: number };
  /** The release rule of the overview's readiness matrix. */
  readiness: { minInstallers: number; countStale: boolean };
  /** Bounds on what one report holds, whatever the data: hitting one is logged and shown on the overview. */
  limits: { versions: number; installers: number; scenariosPerInstaller: number; nameLength: number };
  /** POST the day's changes here after a successful run; null = off. */
  notifyUrl: string | null;
  /** The whole webhook call, every attempt and wait included. */
  notifyDeadlineMs: number;
}
