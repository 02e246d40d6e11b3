// Weeks of daily CI results built from a seed: each scenario of each installer runs (or not) every report
// day, each test case passes (or not) with that scenario's pass rate. The same seed gives the same
// documents, so a replay that fails can be run again as it was.
import { appendFile, writeFile } from 'node:fs/promises';
import { TEST_CASES } from './days.js';

export const REPLAY_VERSION = 'master';

/** One scenario of one installer and how it behaves over the replay (day numbers start at 1). */
export interface ScenarioPlan {
  installer: string;
  scenario: string;
  /** Chance that one test case of one run passes. */
  passRate: number;
  /** Chance that the scenario runs at all on a day it is scheduled. */
  runRate: number;
  firstDay: number;
  lastDay: number;
}

export type ResultDocument = Record<string, unknown>;

/** A small seeded generator (mulberry32): plenty for test data, and the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The documents of every day and installer, by day then installer, drawn in one fixed order from `seed`.
 * `silent(day, installer)` says when a lab had no result at all (an outage); those draw no numbers, so an
 * outage does not reshuffle the other days.
 */
export function replayDocuments(
  seed: number,
  days: readonly string[],
  plans: readonly ScenarioPlan[],
  silent: (dayNumber: number, installer: string) => boolean = () => false,
): Map<string, Map<string, ResultDocument[]>> {
  const random = seededRandom(seed);
  const byDay = new Map<string, Map<string, ResultDocument[]>>();
  let id = 0;
  days.forEach((day, index) => {
    const dayNumber = index + 1;
    const byInstaller = new Map<string, ResultDocument[]>();
    plans.forEach((plan, planIndex) => {
      if (dayNumber < plan.firstDay || dayNumber > plan.lastDay) return;
      if (silent(dayNumber, plan.installer)) return;
      if (random() >= plan.runRate) return;
      const build = dayNumber * 10 + planIndex;
      const documents = TEST_CASES.map((caseName, caseIndex) => ({
        _id: { $oid: (++id).toString(16).padStart(24, '0') },
        project_name: 'functest',
        case_name: caseName,
        installer: plan.installer,
        version: REPLAY_VERSION,
        scenario: plan.scenario,
        pod_name: `${plan.installer}-pod1`,
        build_tag: `jenkins-functest-${plan.installer}-baremetal-daily-${REPLAY_VERSION}-${build}`,
        criteria: random() < plan.passRate ? 'PASS' : 'FAIL',
        start_date: `${day} ${String(6 + planIndex).padStart(2, '0')}:${String(caseIndex * 7).padStart(2, '0')}:00`,
        details: {},
      }));
      byInstaller.set(plan.installer, [...(byInstaller.get(plan.installer) ?? []), ...documents]);
    });
    byDay.set(day, byInstaller);
  });
  return byDay;
}

/** An NDJSON file the job reads with `--source file:PATH`, to which results arrive as the days go by. */
export class NdjsonResults {
  constructor(readonly path: string) {}

  get uri(): string {
    return `file:${this.path}`;
  }

  async create(): Promise<void> {
    await writeFile(this.path, '');
  }

  async add(documents: readonly ResultDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await appendFile(this.path, documents.map((document) => `${JSON.stringify(document)}\n`).join(''));
  }
}
