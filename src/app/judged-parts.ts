// A source read in parts (a long NDJSON export's byte ranges): worker threads read and judge the parts
// (judge-worker.ts), this thread collects their runs part after part, in file order, so the runs reach
// the collector in the order a read from the first byte gives, and the parts' counts add up to what
// that read counts. Parsing and judging, most of a read's work, then run on every core. A part comes back
// as columns of numbers and one copy of each name it holds: a million runs posted as objects would
// cost this thread more to receive than to judge itself.
import { availableParallelism } from 'node:os';
import {
  RunCollector,
  SourceError,
  newDocumentStats,
  type DocumentStats,
  type FeedbackRun,
  type Run,
} from '../core/index.js';
import type { PartReceived, RangeRead, SourceParts } from '../sources/index.js';
import { WorkerError, WorkerPool } from '../threads/index.js';
import { countInto, itemJudge, type JudgeSettings, type Judgement } from './judge-items.js';

/** What every worker thread needs: the open file of the parts, and what it judges by. */
export interface JudgeWorkerData {
  file: SourceParts['file'];
  settings: JudgeSettings;
}

/** A part's runs, in order: run i's names are names[fields[i * FIELDS + k]], its note -1 when it has none. */
interface RunColumns {
  names: string[];
  fields: Int32Array;
  startedAt: Float64Array;
  passed: Uint8Array;
}

/** version, installer, scenario, project, testCase, pod, buildTag, failureNote. */
const FIELDS = 8;
const NO_NOTE = -1;

type PartCounts = Omit<DocumentStats, 'rejectedReasons'>;

/** One part judged on a worker thread, in a form it can post: strings, numbers, arrays and typed arrays. */
export interface JudgedPart {
  received: PartReceived;
  /** The part's DocumentStats but its reasons; its failed runs are counted once collected (read-runs.ts). */
  counts: PartCounts;
  /** Its rejection reasons, in the order they were first counted: a posted record would get a prototype back. */
  rejectedReasons: Array<[string, number]>;
  rejectedInWindow: number;
  runs: RunColumns;
  /** Per report id, its feedback runs, each with the index of its run among the part's runs. */
  feedback: Array<[string, Array<{ run: number; entry: Omit<FeedbackRun, 'run'> }>]>;
}

/** Parts read or being read ahead of the one being collected, per worker thread. */
const AHEAD_PER_WORKER = 2;

/** Judges one part, on a worker thread: the same judge as a read on one thread, over the part's items. */
export function judgePart(read: RangeRead, settings: JudgeSettings): JudgedPart {
  // No shared copies here: the names become the part's one table of names below.
  const judge = itemJudge(settings, (name) => name);
  const runs: Run[] = [];
  for (const item of read.items) {
    const run = judge.judge(item);
    if (run !== null) runs.push(run);
  }
  const indexOf = new Map<Run, number>();
  if (judge.feedback.size > 0) runs.forEach((run, index) => indexOf.set(run, index));
  const { rejectedReasons, ...counts } = judge.documents;
  return {
    received: read.received,
    counts,
    rejectedReasons: Object.entries(rejectedReasons),
    rejectedInWindow: judge.rejectedInWindow(),
    runs: runColumns(runs),
    feedback: [...judge.feedback].map(([id, entries]) => [
      id,
      entries.map(({ run, ...entry }) => ({ run: indexOf.get(run) as number, entry })),
    ]),
  };
}

function runColumns(runs: readonly Run[]): RunColumns {
  const names: string[] = [];
  const numbers = new Map<string, number>();
  const numberOf = (name: string) => {
    let number = numbers.get(name);
    if (number === undefined) {
      number = names.push(name) - 1;
      numbers.set(name, number);
    }
    return number;
  };
  const fields = new Int32Array(runs.length * FIELDS);
  const startedAt = new Float64Array(runs.length);
  const passed = new Uint8Array(runs.length);
  // A name the run before has in the same field (its version, installer, scenario, most often) takes
  // that run's number: comparing two short strings costs less than hashing one.
  let before: readonly string[] = [];
  runs.forEach((run, index) => {
    const at = index * FIELDS;
    const spelt = [
      run.version,
      run.installer,
      run.scenario,
      run.project,
      run.testCase,
      run.pod,
      run.buildTag,
    ];
    for (let field = 0; field < spelt.length; field++) {
      const name = spelt[field] as string;
      fields[at + field] = name === before[field] ? (fields[at - FIELDS + field] as number) : numberOf(name);
    }
    before = spelt;
    fields[at + 7] = run.failureNote === undefined ? NO_NOTE : numberOf(run.failureNote);
    startedAt[index] = run.startedAt;
    passed[index] = run.passed ? 1 : 0;
  });
  return { names, fields, startedAt, passed };
}

/** The runs of a part, as normaliseDocument made them; `sharedName` gives this thread's one copy of a name. */
function runsOf(columns: RunColumns, sharedName: (name: string) => string): Run[] {
  const names = columns.names.map(sharedName);
  const name = (at: number) => names[columns.fields[at] as number] as string;
  return Array.from(columns.startedAt, (startedAt, index) => {
    const at = index * FIELDS;
    const note = columns.fields[at + 7] as number;
    return {
      version: name(at),
      installer: name(at + 1),
      scenario: name(at + 2),
      project: name(at + 3),
      testCase: name(at + 4),
      pod: name(at + 5),
      buildTag: name(at + 6),
      startedAt,
      passed: columns.passed[index] === 1,
      ...(note === NO_NOTE ? {} : { failureNote: names[note] as string }),
    };
  });
}

/**
 * Reads and judges the parts on worker threads, and collects their runs in order; `progress` is told
 * how many documents were read after each part. Closes the parts.
 */
export async function judgeParts(
  parts: SourceParts,
  settings: JudgeSettings,
  collector: RunCollector,
  sharedName: (name: string) => string,
  progress: (read: number) => void,
): Promise<Judgement> {
  const judgement: Judgement = {
    documents: newDocumentStats(),
    rejectedInWindow: 0,
    feedback: new Map(settings.feedback.map((report) => [report.id, []])),
  };
  try {
    for await (const part of judgedParts(parts, settings)) {
      parts.received(part.received);
      const runs = runsOf(part.runs, sharedName);
      for (const run of runs) collector.add(run);
      addPart(judgement, part, runs);
      progress(judgement.documents.read);
    }
  } finally {
    await parts.close();
  }
  return judgement;
}

/** The part's counts and feedback runs, added to the judgement of the parts before it. */
function addPart(judgement: Judgement, part: JudgedPart, runs: readonly Run[]): void {
  const { documents } = judgement;
  for (const key of Object.keys(part.counts) as Array<keyof PartCounts>) {
    const count = part.counts[key];
    if (typeof count === 'number') (documents[key] as number) += count;
  }
  for (const [reason, count] of part.rejectedReasons) countInto(documents.rejectedReasons, reason, count);
  judgement.rejectedInWindow += part.rejectedInWindow;
  for (const [id, entries] of part.feedback) {
    const into = judgement.feedback.get(id);
    for (const { run, entry } of entries) into?.push({ run: runs[run] as Run, ...entry });
  }
}

/** The parts judged, in order; a few are judged ahead of the one handed on, so memory stays bounded. */
async function* judgedParts(parts: SourceParts, settings: JudgeSettings): AsyncGenerator<JudgedPart> {
  const workers = Math.max(1, Math.min(availableParallelism(), 4, parts.ranges.length));
  const data: JudgeWorkerData = { file: parts.file, settings };
  const pool = new WorkerPool<SourceParts['ranges'][number], JudgedPart>(
    { from: import.meta.url, name: 'judge-worker' },
    data,
    workers,
  );
  const judged: Array<Promise<JudgedPart>> = [];
  try {
    for (let index = 0; index < parts.ranges.length; index++) {
      while (judged.length < Math.min(parts.ranges.length, index + AHEAD_PER_WORKER * workers)) {
        judged.push(pool.run(parts.ranges[judged.length] as SourceParts['ranges'][number]));
      }
      yield await (judged[index] as Promise<JudgedPart>).catch(sourceErrorOf);
      delete judged[index];
    }
  } finally {
    await pool.close();
  }
}

/** A SourceError a worker thread threw (a file cut inside its last line, a failed read) is one here too. */
function sourceErrorOf(error: Error): never {
  throw error instanceof WorkerError && error.errorName === 'SourceError'
    ? new SourceError(error.message)
    : error;
}
