// Keeps only what scoring can use: per (version, installer, scenario, project, test case[, architecture])
// the newest maxRuns runs inside the window, so memory stays bounded whatever the source streams.
import type { DocumentStats, Run } from './model.js';
import { nameRecord } from './names.js';
import { architectureOf, startedInWindow } from './scope.js';

/** A total order on runs, oldest first; ties broken on every field so input order never shows. */
export function compareRuns(a: Run, b: Run): number {
  return (
    a.startedAt - b.startedAt ||
    compareText(a.buildTag, b.buildTag) ||
    compareText(a.pod, b.pod) ||
    Number(a.passed) - Number(b.passed) ||
    compareText(a.failureNote ?? '', b.failureNote ?? '') ||
    compareText(runKey(a), runKey(b))
  );
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function runKey(run: Run): string {
  return `${run.version}\u0000${run.installer}\u0000${run.scenario}\u0000${run.project}\u0000${run.testCase}`;
}

/**
 * The `limit` smallest names seen, in code-unit order, whatever order they come in: so which names a
 * bound keeps is the same for every source. A smaller name pushes the largest kept one out.
 */
class SmallestNames<T> {
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
}

export interface CollectorLimits {
  versions: number;
  /** Installers per version (before the architecture split). */
  installers: number;
}

/** Runs left out because their version or installer was beyond a limit. */
export interface BeyondLimits {
  versions: number;
  installers: number;
}

const NO_LIMITS: CollectorLimits = { versions: Infinity, installers: Infinity };

export class RunCollector {
  private readonly groups = new Map<string, Run[]>();
  private outside = 0;
  private beyond = 0;
  private readonly beyondLimits: BeyondLimits = { versions: 0, installers: 0 };
  /** version → installer → the group keys of its runs, so a name pushed out takes its runs with it. */
  private readonly names: SmallestNames<SmallestNames<string[]>>;

  constructor(
    private readonly options: {
      from: number;
      to: number;
      maxRuns: number;
      byArchitecture: boolean;
      limits?: CollectorLimits;
    },
  ) {
    const limits = options.limits ?? NO_LIMITS;
    const dropGroups = (keys: string[], limit: keyof BeyondLimits) => {
      for (const key of keys) {
        this.beyondLimits[limit] += this.groups.get(key)?.length ?? 0;
        this.groups.delete(key);
      }
    };
    this.names = new SmallestNames(
      limits.versions,
      () =>
        new SmallestNames<string[]>(
          limits.installers,
          () => [],
          (keys) => dropGroups(keys, 'installers'),
        ),
      (installers) => {
        for (const keys of installers.values()) dropGroups(keys, 'versions');
      },
    );
  }

  /** Keeps the run if it is in the window and among the newest maxRuns of its group; false when outside the window. */
  add(run: Run): boolean {
    const { from, to, maxRuns, byArchitecture } = this.options;
    if (!startedInWindow(run.startedAt, { from, to })) {
      this.outside++;
      return false;
    }
    const key = byArchitecture ? `${runKey(run)}\u0000${architectureOf(run.pod)}` : runKey(run);
    const kept = this.groups.get(key);
    if (kept === undefined) {
      const installers = this.names.entry(run.version);
      if (installers === undefined) {
        this.beyondLimits.versions++;
        return true;
      }
      const keys = installers.entry(run.installer);
      if (keys === undefined) {
        this.beyondLimits.installers++;
        return true;
      }
      if (maxRuns > 0) {
        this.groups.set(key, [run]);
        keys.push(key);
      } else this.beyond++;
      return true;
    }
    if (kept.length < maxRuns) {
      kept.push(run);
      return true;
    }
    this.beyond++;
    let oldest = 0;
    for (let i = 1; i < kept.length; i++) {
      if (compareRuns(kept[i] as Run, kept[oldest] as Run) < 0) oldest = i;
    }
    if (compareRuns(run, kept[oldest] as Run) > 0) kept[oldest] = run;
    return true;
  }

  /** Runs seen outside the window, pushed out by newer ones beyond maxRuns, or of names beyond the limits. */
  get dropped(): { outsideWindow: number; beyondMaxRuns: number; beyondLimits: BeyondLimits } {
    return {
      outsideWindow: this.outside,
      beyondMaxRuns: this.beyond,
      beyondLimits: { ...this.beyondLimits },
    };
  }

  /** Every kept run, grouped by key and oldest first: the same whatever order they came in. */
  runs(): Run[] {
    const keys = [...this.groups.keys()].sort(compareText);
    return keys.flatMap((key) => [...(this.groups.get(key) ?? [])].sort(compareRuns));
  }
}

export function newDocumentStats(): DocumentStats {
  return { read: 0, used: 0, rejected: 0, rejectedReasons: nameRecord(), failedReasons: nameRecord() };
}
