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

export class RunCollector {
  private readonly groups = new Map<string, Run[]>();
  private outside = 0;
  private beyond = 0;

  constructor(
    private readonly options: { from: number; to: number; maxRuns: number; byArchitecture: boolean },
  ) {}

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
      if (maxRuns > 0) this.groups.set(key, [run]);
      else this.beyond++;
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

  /** Runs seen outside the window, and runs pushed out by newer ones beyond maxRuns. */
  get dropped(): { outsideWindow: number; beyondMaxRuns: number } {
    return { outsideWindow: this.outside, beyondMaxRuns: this.beyond };
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
