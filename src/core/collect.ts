// Keeps only what scoring can use: per (version, installer, scenario, project, test case[, architecture])
// the newest maxRuns runs inside the window, so memory stays bounded whatever the source streams. A run
// that comes again (the same identity: its group, pod, build tag and start) is kept once and counted as a
// duplicate: two exports concatenated, or a results-API page read twice, must not score a run twice.
import type { DocumentStats, Run } from './model.js';
import { compareText, nameRecord } from './names.js';
import { InstallerGroups, SmallestNames } from './run-groups.js';
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

/** Pod, build tag and start: with the group key, what makes a run itself (the same run read twice). */
export function sameRun(a: Run, b: Run): boolean {
  return a.startedAt === b.startedAt && a.buildTag === b.buildTag && a.pod === b.pod;
}

/** The names that place a run in its group, as one text: compareRuns' last tie-break. */
function runKey(run: Run): string {
  return `${run.version}\u0000${run.installer}\u0000${run.scenario}\u0000${run.project}\u0000${run.testCase}`;
}

/** A kept run and how many more documents said the same run. A group's are kept oldest first. */
interface Kept {
  run: Run;
  copies: number;
}

export interface CollectorLimits {
  versions: number;
  /** Installers per version (before the architecture split). */
  installers: number;
}

/** What the collector left out, each document counted once. */
export interface CollectorDropped {
  outsideWindow: number;
  /** Runs pushed out by newer ones of their group, with every copy of them. */
  beyondMaxRuns: number;
  beyondLimits: BeyondLimits;
  /** Copies of a run the verdict uses, beyond the one it uses. */
  duplicates: number;
}

/** Runs left out because their version or installer was beyond a limit. */
export interface BeyondLimits {
  versions: number;
  installers: number;
}

const NO_LIMITS: CollectorLimits = { versions: Infinity, installers: Infinity };

export class RunCollector {
  private outside = 0;
  private beyond = 0;
  private readonly beyondLimits: BeyondLimits = { versions: 0, installers: 0 };
  /** version → installer → its groups, so a name pushed out takes its runs with it. */
  private readonly groups: SmallestNames<SmallestNames<InstallerGroups<Kept[]>>>;

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
    const dropped = (groups: InstallerGroups<Kept[]>, limit: keyof BeyondLimits) => {
      for (const kept of groups.all()) for (const entry of kept) this.beyondLimits[limit] += 1 + entry.copies;
    };
    this.groups = new SmallestNames(
      limits.versions,
      () =>
        new SmallestNames<InstallerGroups<Kept[]>>(
          limits.installers,
          () => new InstallerGroups<Kept[]>(),
          (groups) => dropped(groups, 'installers'),
        ),
      (installers) => {
        for (const groups of installers.values()) dropped(groups, 'versions');
      },
    );
  }

  /**
   * Keeps the run if it is in the window and among the newest maxRuns of its group, once however often it
   * comes; false when outside the window. Of two copies that differ in their result, the later in
   * compareRuns order is kept, so which one wins never depends on the order they arrive in.
   */
  add(run: Run): boolean {
    const { from, to, maxRuns, byArchitecture } = this.options;
    if (!startedInWindow(run.startedAt, { from, to })) {
      this.outside++;
      return false;
    }
    const installers = this.groups.entry(run.version);
    if (installers === undefined) {
      this.beyondLimits.versions++;
      return true;
    }
    const groups = installers.entry(run.installer);
    if (groups === undefined) {
      this.beyondLimits.installers++;
      return true;
    }
    const architecture = byArchitecture ? architectureOf(run.pod) : '';
    const kept = groups.get(run, architecture);
    if (kept === undefined) {
      if (maxRuns > 0) groups.set(run, architecture, [{ run, copies: 0 }]);
      else this.beyond++;
      return true;
    }
    // A group is kept oldest first (compareRuns), so its oldest run is the first, a copy of the run
    // can only sit among those with its start, and a run newer than all, the common case, is appended.
    let at = kept.length;
    if (run.startedAt <= (kept[at - 1] as Kept).run.startedAt) {
      at = firstStartingFrom(kept, run.startedAt);
      for (let i = at; i < kept.length && (kept[i] as Kept).run.startedAt === run.startedAt; i++) {
        const same = kept[i] as Kept;
        if (!sameRun(same.run, run)) continue;
        same.copies++;
        // The copy takes the kept one's place only if it comes later in compareRuns: the same start,
        // build tag and pod, so the order of the group stays as it was.
        if (compareRuns(run, same.run) > 0) same.run = run;
        return true;
      }
      while (at < kept.length && compareRuns((kept[at] as Kept).run, run) < 0) at++;
    }
    if (kept.length < maxRuns) {
      kept.splice(at, 0, { run, copies: 0 });
      return true;
    }
    // A full group: the run takes the oldest one's place if it is newer; the one left out goes with its copies.
    if (at === 0) {
      this.beyond++;
      return true;
    }
    this.beyond += 1 + (kept[0] as Kept).copies;
    kept.splice(at, 0, { run, copies: 0 });
    kept.shift();
    return true;
  }

  /** Runs seen outside the window, pushed out by newer ones beyond maxRuns, of names beyond the limits, or copies. */
  get dropped(): CollectorDropped {
    let duplicates = 0;
    for (const kept of this.allGroups()) for (const entry of kept) duplicates += entry.copies;
    return {
      outsideWindow: this.outside,
      beyondMaxRuns: this.beyond,
      beyondLimits: { ...this.beyondLimits },
      duplicates,
    };
  }

  /** The kept runs that came more than once, with how many more times. */
  copies(): Map<Run, number> {
    const copies = new Map<Run, number>();
    for (const kept of this.allGroups())
      for (const entry of kept) if (entry.copies > 0) copies.set(entry.run, entry.copies);
    return copies;
  }

  /**
   * Every kept run, grouped (in code-unit order of version, installer, scenario, project, test case
   * and architecture) and oldest first: the same whatever order they came in.
   */
  runs(): Run[] {
    const runs: Run[] = [];
    for (const installers of this.groups.inOrder())
      for (const groups of installers.inOrder())
        for (const kept of groups.inOrder()) for (const entry of kept) runs.push(entry.run);
    return runs;
  }

  private *allGroups(): Generator<Kept[]> {
    for (const installers of this.groups.values())
      for (const groups of installers.values()) yield* groups.all();
  }
}

/** The index of the first kept run starting at or after `startedAt` (binary search: the group is sorted). */
function firstStartingFrom(kept: readonly Kept[], startedAt: number): number {
  let low = 0;
  let high = kept.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((kept[middle] as Kept).run.startedAt < startedAt) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function newDocumentStats(): DocumentStats {
  return {
    read: 0,
    used: 0,
    rejected: 0,
    rejectedReasons: nameRecord(),
    failedReasons: nameRecord(),
    duplicates: 0,
    outsideWindow: 0,
    beyondMaxRuns: 0,
    beyondLimits: 0,
    excluded: 0,
    notInCriteria: 0,
    notAskedFor: 0,
  };
}

/** Where the documents read went, in the order the overview tells it; the counts add up to `read`. */
export const DOCUMENT_BUCKETS = [
  'used',
  'rejected',
  'duplicates',
  'outsideWindow',
  'beyondMaxRuns',
  'beyondLimits',
  'excluded',
  'notInCriteria',
  'notAskedFor',
] as const;

export type DocumentBucket = (typeof DOCUMENT_BUCKETS)[number];

/** Each bucket's count, in DOCUMENT_BUCKETS order. */
export function documentBuckets(stats: DocumentStats): { bucket: DocumentBucket; count: number }[] {
  return DOCUMENT_BUCKETS.map((bucket) => ({ bucket, count: stats[bucket] }));
}
