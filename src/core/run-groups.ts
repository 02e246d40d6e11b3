// Where the collector (collect.ts) keeps its groups of runs: by version and installer among the
// smallest names a limit allows, then by scenario, project, test case and architecture.
import type { Run } from './model.js';
import { compareText } from './names.js';

/**
 * The `limit` smallest names seen, in code-unit order, whatever order they come in: so which names a
 * bound keeps is the same for every source. A smaller name pushes the largest kept one out.
 */
export class SmallestNames<T> {
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly limit: number,
    private readonly create: () => T,
    private readonly evicted: (value: T) => void,
  ) {}

  /** The entry of a name, created if there is room for it; undefined when `limit` smaller names are kept. */
  entry(name: string): T | undefined {
    const found = this.entries.get(name);
    if (found !== undefined) return found;
    if (this.entries.size >= this.limit) {
      let largest: string | undefined;
      for (const kept of this.entries.keys()) if (largest === undefined || kept > largest) largest = kept;
      if (largest === undefined || name > largest) return undefined;
      this.evicted(this.entries.get(largest) as T);
      this.entries.delete(largest);
    }
    const created = this.create();
    this.entries.set(name, created);
    return created;
  }

  values(): IterableIterator<T> {
    return this.entries.values();
  }

  /** The entries in code-unit order of their names. */
  inOrder(): T[] {
    return sortedValues(this.entries);
  }
}

/**
 * One version and installer's groups, by scenario, project, test case and architecture ('' without the
 * split): a map a name, so no key is spelt for each of a million runs, and a name is held only while a
 * group of it is.
 */
export class InstallerGroups<G> {
  private readonly byScenario = new Map<string, Map<string, Map<string, Map<string, G>>>>();

  get(run: Run, architecture: string): G | undefined {
    return this.byScenario.get(run.scenario)?.get(run.project)?.get(run.testCase)?.get(architecture);
  }

  set(run: Run, architecture: string, kept: G): void {
    const projects = child(this.byScenario, run.scenario);
    const testCases = child(projects, run.project);
    child(testCases, run.testCase).set(architecture, kept);
  }

  /** Every group, in code-unit order of scenario, project, test case and architecture. */
  *inOrder(): Generator<G> {
    for (const projects of sortedValues(this.byScenario))
      for (const testCases of sortedValues(projects))
        for (const architectures of sortedValues(testCases)) yield* sortedValues(architectures);
  }

  *all(): Generator<G> {
    for (const projects of this.byScenario.values())
      for (const testCases of projects.values())
        for (const architectures of testCases.values()) yield* architectures.values();
  }
}

function child<T>(parent: Map<string, Map<string, T>>, name: string): Map<string, T> {
  let found = parent.get(name);
  if (found === undefined) parent.set(name, (found = new Map()));
  return found;
}

function sortedValues<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map.keys()].sort(compareText).map((name) => map.get(name) as T);
}
