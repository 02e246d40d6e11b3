// docs/status.schema.json, the documented contract of status.json, as a validator: tests check every
// status.json they produce against it, so the document and the file cannot drift apart.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const schemaPath = resolve(import.meta.dirname, '../../docs/status.schema.json');

export const statusSchema = z.fromJSONSchema(JSON.parse(readFileSync(schemaPath, 'utf8')));

/** The schema's complaints about a parsed status.json, as `path: message` lines; empty when it conforms. */
export function statusSchemaIssues(status: unknown): string[] {
  const result = statusSchema.safeParse(status);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
