// Test infrastructure: the differential property. Any set of result documents the file source
// accepts gives the same status.json (apart from `source`) from the file, Mongo and results-API
// sources, with the default maxRuns and with --max-runs 4, on a wire server that feeds its pipelines
// the documents newest-inserted first (a server promises no order between ties). A counterexample it
// finds is kept as a named case in test/integration/three-sources.test.ts.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resultCases } from './result-documents.js';
import { startThreeSources, type ThreeSources } from './three-sources.js';

export function sameStatusEverywhere(numRuns: number): void {
  let sources: ThreeSources;

  beforeAll(async () => {
    sources = await startThreeSources({ reverseNaturalOrder: true });
  });

  afterAll(async () => {
    await sources.close();
  });

  it(
    `give the same status.json on ${numRuns} sets of documents, with and without --max-runs 4`,
    { timeout: 900_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(resultCases(), async ({ documents, overrides }) => {
          for (const maxRuns of [10, 4]) {
            const { file, mongo, api } = await sources.statuses(documents, { ...overrides, maxRuns });
            expect(mongo).toBe(file);
            expect(api).toBe(file);
          }
        }),
        { numRuns },
      );
    },
  );
}
