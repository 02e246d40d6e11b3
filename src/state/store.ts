import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import {
  STATE_SCHEMA_VERSION,
  StateError,
  emptyState,
  cloneNames,
  nameRecord,
  ownChild,
  own,
  setOwn,
  sortKeysDeep,
  type ReportState,
} from '../core/index.js';

/**
 * A record keyed by names from the data. z.record drops a `__proto__` key (and its data with it), so
 * each own key is checked here and the result is a record without a prototype, `__proto__` included.
 */
const record = <T extends z.ZodType>(value: T) =>
  z.unknown().transform((input, ctx): Record<string, z.output<T>> => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object' });
      return z.NEVER;
    }
    const output = nameRecord<z.output<T>>();
    for (const key of Object.keys(input)) {
      const parsed = value.safeParse((input as Record<string, unknown>)[key]);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
        }
        return z.NEVER;
      }
      output[key] = parsed.data;
    }
    return output;
  });
const byScenario = <T extends z.ZodType>(value: T) => record(record(record(value)));
const validatedRecord = z.object({
  firstValidated: z.string(),
  lastValidated: z.string(),
  validatedDays: z.number().int().nonnegative(),
});
const scenarioDay = z.object({
  score: z.number(),
  max: z.number(),
  percent: z.number(),
  status: z.enum(['OK', 'KO', 'NO_DATA']),
  runs: z.number(),
  builds: z.number().int().nonnegative().optional(),
  stale: z.boolean(),
  missing: z.array(z.string()),
  tests: record(z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])),
  testRuns: record(z.string()).optional(),
  lastRun: z.string().optional(),
});
const stateV2 = z.object({
  schemaVersion: z.literal(2),
  lastRun: z
    .object({
      asOf: z.string(),
      day: z.string(),
      source: z.string(),
      documents: z.object({ used: z.number(), rejected: z.number() }),
    })
    .nullable(),
  validated: byScenario(validatedRecord),
  archive: byScenario(validatedRecord),
  history: byScenario(record(scenarioDay)),
});
/** Version 1 (the first release) kept only a flat list of validated days, no daily scores. */
const stateV1 = z.object({
  schemaVersion: z.literal(1),
  validated: z.array(
    z.object({ version: z.string(), installer: z.string(), scenario: z.string(), date: z.string() }),
  ),
});

export async function loadState(path: string): Promise<ReportState> {
  return parseState(path, await readStateText(path));
}

/** The state in a file's text (`null`: no file yet, an empty state); refused with what to do when it cannot be trusted. */
export function parseState(path: string, text: string | null): ReportState {
  if (text === null) return emptyState();
  const corrupt = (why: string) =>
    new StateError(
      `the state file ${path} is corrupt (${why}). It was left untouched. Restore the previous copy ` +
        `(${basename(path)}.bak) or move the file aside to start a new history, then run again.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corrupt((error as Error).message);
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > STATE_SCHEMA_VERSION) {
    throw new StateError(
      `the state file ${path} was written by a newer scenario-report (schema ${version}; this one reads up to ` +
        `${STATE_SCHEMA_VERSION}). It was left untouched: upgrade scenario-report, or point --state elsewhere.`,
    );
  }
  if (version === 1) {
    const v1 = stateV1.safeParse(value);
    if (!v1.success) throw corrupt(`schema 1: ${v1.error.issues[0]?.message ?? 'invalid'}`);
    return migrateV1(v1.data);
  }
  const v2 = stateV2.safeParse(value);
  if (!v2.success) {
    const issue = v2.error.issues[0];
    throw corrupt(`${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`);
  }
  return v2.data as ReportState;
}

/** v1's validated days become archive records: no daily scores existed to rebuild a history from. */
function migrateV1(v1: z.infer<typeof stateV1>): ReportState {
  const state = emptyState();
  for (const entry of v1.validated) {
    const byScenario = ownChild(ownChild(state.archive, entry.version), entry.installer);
    const record = own(byScenario, entry.scenario);
    setOwn(
      byScenario,
      entry.scenario,
      record
        ? {
            firstValidated: record.firstValidated < entry.date ? record.firstValidated : entry.date,
            lastValidated: record.lastValidated > entry.date ? record.lastValidated : entry.date,
            validatedDays: record.validatedDays + 1,
          }
        : { firstValidated: entry.date, lastValidated: entry.date, validatedDays: 1 },
    );
  }
  state.validated = cloneNames(state.archive);
  return sortKeysDeep(state);
}

export function serialiseState(state: ReportState): string {
  return `${JSON.stringify(sortKeysDeep(state), null, 2)}\n`;
}

/** The state file's bytes as they are, or null when there is none. */
export async function readStateText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StateError(
      `cannot read the state file ${path}: ${(error as Error).message}. Fix its permissions and run again; nothing was changed.`,
    );
  }
}
