// The result words test frameworks wrote over the years, folded to the two the scoring knows.

const WORDS: ReadonlyMap<string, 'PASS' | 'FAIL'> = new Map([
  ['PASS', 'PASS'],
  ['PASSED', 'PASS'],
  ['OK', 'PASS'],
  ['SUCCESS', 'PASS'],
  ['FAIL', 'FAIL'],
  ['FAILED', 'FAIL'],
  ['KO', 'FAIL'],
  ['ERROR', 'FAIL'],
]);

/** PASS/PASSED/OK/SUCCESS → 'PASS', FAIL/FAILED/KO/ERROR → 'FAIL' (any case, spaces ignored); else null. */
export function normaliseCriteriaWord(value: unknown): 'PASS' | 'FAIL' | null {
  if (typeof value !== 'string') return null;
  return WORDS.get(value.trim().toUpperCase()) ?? null;
}
