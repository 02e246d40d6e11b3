// reporting.yaml, the environment and the flags → one validated ReportingConfig.
// Precedence: flags > environment > file > defaults. Everything is checked before any query.
import { access } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import {
  ConfigError,
  SCORING_RULE_IDS,
  isTimeZone,
  parseResultDate,
  type ScoringOptions,
} from '../core/index.js';
import { CONFIG_REFERENCE, DEFAULT_CONFIG, getPath, setPath, type OptionSpec } from './reference.js';
import { redactText, redactWebhookUri } from './redact.js';
import type { ReportingConfig } from './types.js';
import { closest, readYamlFile, validateYaml } from './yaml-file.js';

/** Values by ReportingConfig path ('periodDays', 'mongo.maxTimeMS'): what one layer sets. */
export type ConfigLayer = Map<string, unknown>;

/** Options a path may be relative to: in reporting.yaml they are relative to the file's folder. */
const PATH_OPTIONS = new Set(['criteriaDir', 'outDir', 'statePath']);
/** Integers that may be 0; every other integer option must be positive. */
const ZERO_ALLOWED = new Set(['http.retries']);
const MAX_PERIOD_DAYS = 3660;

function valueSchema(option: OptionSpec): z.ZodType {
  switch (option.kind) {
    case 'string':
      return z.string().min(1);
    case 'nullable-string':
      return z.string().nullable();
    case 'integer':
      return ZERO_ALLOWED.has(option.key) ? z.number().int().min(0) : z.number().int().positive();
    case 'boolean':
      return z.boolean();
    case 'list':
      return z.array(z.string().min(1));
    case 'rule':
      return z.enum(SCORING_RULE_IDS);
  }
}

/** The strict schema of reporting.yaml, nested by the yaml paths of the reference table. */
function fileSchema(): z.ZodType<Record<string, unknown>> {
  const tree: Record<string, unknown> = {};
  for (const option of CONFIG_REFERENCE) setPath(tree, option.yaml, valueSchema(option).optional());
  const build = (node: Record<string, unknown>): z.ZodType =>
    z.strictObject(
      Object.fromEntries(
        Object.entries(node).map(([key, value]) => [
          key,
          value instanceof z.ZodType ? value : build(value as Record<string, unknown>).optional(),
        ]),
      ),
    );
  return build(tree) as z.ZodType<Record<string, unknown>>;
}

function knownKeysAt(path: PropertyKey[]): string[] {
  const prefix = path.map(String).join('.');
  return [
    ...new Set(
      CONFIG_REFERENCE.map((option) => option.yaml)
        .filter((yaml) => prefix === '' || yaml.startsWith(`${prefix}.`))
        .map((yaml) => (prefix === '' ? yaml : yaml.slice(prefix.length + 1)).split('.')[0] ?? ''),
    ),
  ];
}

async function readConfigFile(path: string): Promise<ConfigLayer> {
  const file = await readYamlFile(path, 'reporting config');
  if (file.value === null || file.value === undefined) return new Map();
  const values = validateYaml(file, fileSchema(), knownKeysAt);
  const layer: ConfigLayer = new Map();
  for (const option of CONFIG_REFERENCE) {
    let value = getPath(values, option.yaml);
    if (value === undefined) continue;
    if (typeof value === 'string' && PATH_OPTIONS.has(option.key) && !isAbsolute(value)) {
      value = join(dirname(path), value);
    }
    if (
      option.key === 'source' &&
      typeof value === 'string' &&
      value.startsWith('file:') &&
      !value.startsWith('file://')
    ) {
      const filePath = value.slice('file:'.length);
      value = isAbsolute(filePath) ? value : `file:${join(dirname(path), filePath)}`;
    }
    layer.set(option.key, value);
  }
  return layer;
}

/** Variables of the same prefix that are not configuration: the Chromium `export pdf` launches (render/chromium.ts). */
const NOT_OPTIONS = ['SCENARIO_REPORT_CHROMIUM'];

export function configFromEnv(env: Record<string, string | undefined>): ConfigLayer {
  const layer: ConfigLayer = new Map();
  const known = new Set([...CONFIG_REFERENCE.map((option) => option.env), ...NOT_OPTIONS]);
  for (const name of Object.keys(env)
    .filter((name) => name.startsWith('SCENARIO_REPORT_'))
    .sort()) {
    if (!known.has(name)) {
      const hint = closest(name, [...known]);
      throw new ConfigError(`unknown environment variable ${name}${hint ? ` — did you mean ${hint}?` : ''}`);
    }
  }
  const mongoUri = env.MONGODB_URI;
  const resultsSource = env.RESULTS_SOURCE;
  if (mongoUri) layer.set('source', mongoUri);
  if (resultsSource) layer.set('source', resultsSource);
  for (const option of CONFIG_REFERENCE) {
    const text = env[option.env];
    if (text === undefined) continue;
    layer.set(option.key, parseEnvValue(option, text));
  }
  return layer;
}

function parseEnvValue(option: OptionSpec, text: string): unknown {
  const bad = (expected: string): never => {
    throw new ConfigError(`${option.env}=${redactText(text)}: expected ${expected}`);
  };
  switch (option.kind) {
    case 'string':
      return text === '' ? bad('a value') : text;
    case 'nullable-string':
      return text === '' ? null : text;
    case 'integer': {
      const value = Number(text);
      return /^\d+$/.test(text.trim()) && (value > 0 || ZERO_ALLOWED.has(option.key))
        ? value
        : bad('a positive whole number');
    }
    case 'boolean': {
      const word = text.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(word)) return true;
      if (['false', '0', 'no', 'off'].includes(word)) return false;
      return bad('true or false');
    }
    case 'list':
      return text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
    case 'rule':
      return SCORING_RULE_IDS.find((id) => id === text) ?? bad(SCORING_RULE_IDS.join(' or '));
  }
}

function flagsLayer(flags: Partial<ReportingConfig>): ConfigLayer {
  return new Map(Object.entries(flags).filter(([, value]) => value !== undefined));
}

export async function resolveConfig(input: {
  configPath?: string;
  flags: Partial<ReportingConfig>;
  env: Record<string, string | undefined>;
  cwd: string;
}): Promise<{ config: ReportingConfig; configFile: string | null }> {
  const configFile = await findConfigFile(input.configPath, input.cwd);
  const layers = [
    configFile === null ? new Map() : await readConfigFile(configFile),
    configFromEnv(input.env),
    flagsLayer(input.flags),
  ];
  const config = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, unknown>;
  for (const layer of layers) for (const [key, value] of layer) setPath(config, key, value);
  // The state lives with the site it describes unless it is put somewhere on purpose.
  if (!layers.some((layer) => layer.has('statePath')))
    config.statePath = join(String(config.outDir), 'state.json');
  return { config: validateConfig(config as unknown as ReportingConfig), configFile };
}

async function findConfigFile(configPath: string | undefined, cwd: string): Promise<string | null> {
  if (configPath !== undefined) {
    const path = resolve(cwd, configPath);
    if (!(await exists(path))) throw new ConfigError('the config file does not exist', path);
    return path;
  }
  const fallback = join(cwd, 'reporting.yaml');
  return (await exists(fallback)) ? fallback : null;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Runs the scoring rules look at for full points: the newest four (SEED.md). */
const RUNS_FOR_FULL_POINTS = 4;

const SOURCE_SCHEMES = ['file:', 'mongodb://', 'mongodb+srv://', 'http://', 'https://'];

/** Checks what the schemas cannot: schemes, time zones, link patterns, the as-of date. */
function validateConfig(config: ReportingConfig): ReportingConfig {
  if (!SOURCE_SCHEMES.some((scheme) => config.source.startsWith(scheme))) {
    throw new ConfigError(
      `source "${redactText(config.source)}": use file:PATH, mongodb://…, mongodb+srv://… or http(s)://…/api/v1`,
    );
  }
  for (const option of CONFIG_REFERENCE.filter((o) => o.kind === 'integer')) {
    const value = getPath(config, option.key);
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < (ZERO_ALLOWED.has(option.key) ? 0 : 1)
    ) {
      throw new ConfigError(
        `${option.yaml} (${option.flag ?? option.env}) must be a positive whole number, not ${String(value)}`,
      );
    }
  }
  if (config.maxRuns < RUNS_FOR_FULL_POINTS) {
    // Both rules give 3 points only to a test case with 4 runs: below that nothing could ever validate.
    throw new ConfigError(
      `scoring.maxRuns (--max-runs) is ${config.maxRuns}, but a test case needs its last ` +
        `${RUNS_FOR_FULL_POINTS} runs passed for 3 points, so no scenario could ever be validated: ` +
        `use ${RUNS_FOR_FULL_POINTS} or more (default 10)`,
    );
  }
  if (config.rule === 'legacy-2016' && config.originalLastRuns > config.maxRuns) {
    // Only the newest maxRuns runs of a test case are kept, so the 2016 rule would silently look at fewer.
    throw new ConfigError(
      `scoring.originalLastRuns (--original-last-runs) is ${config.originalLastRuns}, but only the newest ` +
        `${config.maxRuns} runs of a test case are kept (scoring.maxRuns, --max-runs): raise --max-runs to ` +
        `${config.originalLastRuns} or more`,
    );
  }
  // Beyond ten years the window reaches past what a date can hold and nothing CI kept is that old.
  if (config.periodDays > MAX_PERIOD_DAYS) {
    throw new ConfigError(
      `period (--period) must be at most ${MAX_PERIOD_DAYS} days, not ${config.periodDays}`,
    );
  }
  if (!isTimeZone(config.dataTimeZone)) {
    throw new ConfigError(
      `dataTimeZone "${config.dataTimeZone}" is not a time zone (e.g. UTC, Europe/Paris)`,
    );
  }
  if (
    !/^https?:\/\//.test(config.ciBuildUrl) ||
    !config.ciBuildUrl.includes('{job}') ||
    !config.ciBuildUrl.includes('{build}')
  ) {
    throw new ConfigError(`ciBuildUrl "${config.ciBuildUrl}" must be an http(s) URL with {job} and {build}`);
  }
  if (config.notifyUrl !== null && config.notifyUrl !== '' && !/^https?:\/\//.test(config.notifyUrl)) {
    throw new ConfigError(`notifyUrl "${redactWebhookUri(config.notifyUrl)}" must be an http(s) URL`);
  }
  if (config.asOf !== null) parseAsOf(config.asOf, 0);
  return { ...config, notifyUrl: config.notifyUrl === '' ? null : config.notifyUrl };
}

const BARE_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The report instant: now when unset; a bare day means the end of that UTC day (the 2016 job ran
 * after midnight about the day before); an instant without a zone is UTC.
 */
export function parseAsOf(asOf: string | null, now: number): number {
  if (asOf === null || asOf === '') return now;
  const text = asOf.trim();
  const instant = parseResultDate(text, 'UTC');
  if (instant === null) {
    throw new ConfigError(
      `--as-of "${asOf}" is not a date: use YYYY-MM-DD or an ISO 8601 instant like 2016-07-14T23:59:59Z`,
    );
  }
  return BARE_DAY.test(text) ? instant + 86_399_000 : instant;
}

/** What the scoring core needs of the configuration, for one report instant. */
export function scoringOptionsOf(config: ReportingConfig, asOf: number): ScoringOptions {
  return {
    asOf,
    periodDays: config.periodDays,
    maxRuns: config.maxRuns,
    rule: config.rule,
    originalLastRuns: config.originalLastRuns,
    discoverBy: config.discoverBy,
    staleHours: config.staleHours,
    excludeNoha: config.excludeNoha,
    excludeVirtual: config.excludeVirtual,
    archSplit: config.archSplit,
    versions: config.versions,
    installers: config.installers,
  };
}
