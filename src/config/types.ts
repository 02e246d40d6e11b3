import type { ScoringOptions } from '../core/index.js';

/**
 * The effective reporting configuration: defaults < reporting.yaml < environment < flags.
 * Every key has a flag; see the README's configuration table. The scoring knobs (period, rule, maxRuns,
 * filters, versions and installers) are the core's ScoringOptions, declared there once.
 */
export interface ReportingConfig extends Omit<ScoringOptions, 'asOf'> {
  /** `file:PATH`, `mongodb://…`, `mongodb+srv://…` or `http(s)://…/api/v1`. May hold credentials: redact before printing. */
  source: string;
  database: string;
  collection: string;
  criteriaDir: string;
  /** ISO date or instant; null = now. A bare date means the end of that UTC day. */
  asOf: string | null;
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
