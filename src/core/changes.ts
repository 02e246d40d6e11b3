// What changed between one report day and the previous one, from the state's daily history: the page a
// release manager opens first when something turned red. Pure and deterministic.
import type { ByScenario, ScenarioDay } from './model.js';
import { compareText, own } from './names.js';

export type ChangeKind = 'validated' | 'lost-validation' | 'points' | 'stale' | 'back' | 'missing' | 'new';

export interface Change {
  kind: ChangeKind;
  installer: string;
  scenario: string;
  test?: string;
  from?: number;
  to?: number;
  /** The outcomes of the runs behind the new points, oldest first ('PPFP'; status.json `runs`). */
  outcomes?: string;
  /** The change as a sentence. */
  note: string;
}

export interface ChangeDay {
  day: string;
  previousDay: string | null;
  changes: Change[];
}

export interface VersionChanges {
  version: string;
  /** Newest first; only report days that had a change. */
  days: ChangeDay[];
}

export interface ChangesOptions {
  versions: string[];
  upToDay: string;
  /** Report days looked at, ending with upToDay. */
  days: number;
}

export function computeChanges(
  history: ByScenario<Record<string, ScenarioDay>>,
  options: ChangesOptions,
): VersionChanges[] {
  return options.versions.map((version) => {
    const byInstaller = own(history, version) ?? {};
    const reportDays = [
      ...new Set(
        Object.values(byInstaller).flatMap((byScenario) =>
          Object.values(byScenario).flatMap((days) => Object.keys(days)),
        ),
      ),
    ]
      .filter((day) => day <= options.upToDay)
      .sort();
    const looked = reportDays.slice(-options.days);
    const days = looked
      .map((day) => {
        const previousDay = reportDays[reportDays.indexOf(day) - 1] ?? null;
        return {
          day,
          previousDay,
          changes: previousDay === null ? [] : changesBetween(byInstaller, previousDay, day),
        };
      })
      .filter((entry) => entry.changes.length > 0)
      .reverse();
    return { version, days };
  });
}

function changesBetween(
  byInstaller: Record<string, Record<string, Record<string, ScenarioDay>>>,
  previousDay: string,
  day: string,
): Change[] {
  const changes: Change[] = [];
  for (const installer of Object.keys(byInstaller).sort(compareText)) {
    const byScenario = own(byInstaller, installer) ?? {};
    for (const scenario of Object.keys(byScenario).sort(compareText)) {
      const days = own(byScenario, scenario);
      for (const change of scenarioChanges(
        installer,
        scenario,
        own(days, previousDay),
        own(days, day),
        previousDay,
      )) {
        changes.push(change);
      }
    }
  }
  return changes;
}

function scenarioChanges(
  installer: string,
  scenario: string,
  before: ScenarioDay | undefined,
  after: ScenarioDay | undefined,
  previousDay: string,
): Change[] {
  const change = (kind: ChangeKind, note: string, extra: Partial<Change> = {}): Change => ({
    kind,
    installer,
    scenario,
    ...extra,
    note,
  });
  if (!after) return [];
  if (!before) {
    return [change('new', `${scenario} appeared: ${after.score}/${after.max}, ${after.status}`)];
  }
  const changes: Change[] = [];
  const wasValidated = before.status === 'OK';
  const isValidated = after.status === 'OK';
  if (!wasValidated && isValidated)
    changes.push(change('validated', `${scenario} is validated (${after.score}/${after.max})`));
  if (wasValidated && !isValidated) {
    changes.push(
      change(
        'lost-validation',
        `${scenario} lost validation: ${before.score}/${before.max} → ${after.score}/${after.max}`,
      ),
    );
  }
  if (!before.stale && after.stale) changes.push(change('stale', `${scenario} became stale: no recent run`));
  if (before.stale && !after.stale) changes.push(change('back', `${scenario} runs again`));
  for (const test of Object.keys(after.tests).sort(compareText)) {
    const from = own(before.tests, test);
    const to = own(after.tests, test);
    if (from === undefined || to === undefined || from === to) continue;
    const outcomes = own(after.testRuns, test);
    changes.push(
      change('points', `${test}: ${from} → ${to} points${outcomes ? ` (runs ${outcomes})` : ''}`, {
        test,
        from,
        to,
        ...(outcomes === undefined ? {} : { outcomes }),
      }),
    );
  }
  const wasMissing = new Set(before.missing);
  for (const test of after.missing.filter((name) => !wasMissing.has(name)).sort(compareText)) {
    changes.push(
      change('missing', `${test} has no run in the window any more (it ran until ${previousDay})`, { test }),
    );
  }
  return changes;
}
