// The verdict as a person reads it at a terminal: one block per version and installer, one line per scenario.
import {
  conditionOf,
  installerCounts,
  printable,
  type DocumentStats,
  type ScenarioVerdict,
  type Verdict,
} from '../core/index.js';

export function formatVerdictTable(verdict: Verdict, documents: DocumentStats): string {
  const lines: string[] = [
    `as of ${new Date(verdict.asOf).toISOString()}, ${verdict.periodDays} days, rule ${verdict.rule}`,
    `documents: ${documents.read} read, ${documents.used} used, ${documents.rejected} rejected`,
  ];
  for (const version of verdict.versions) {
    for (const installer of version.installers) {
      const { validated, staleValidated, total } = installerCounts(installer);
      const staleNote = staleValidated > 0 ? `, ${staleValidated} more with every point but stale` : '';
      lines.push(
        '',
        `${printable(version.version)} / ${printable(installer.installer)}: ${validated - staleValidated} of ${total} validated${staleNote}`,
      );
      if (installer.scenarios.length === 0) continue;
      // A loop, not Math.max(...): an installer may have more scenarios than a call takes arguments.
      const width = installer.scenarios.reduce(
        (widest, scenario) => Math.max(widest, printable(scenario.scenario).length),
        8,
      );
      lines.push(
        `  ${'scenario'.padEnd(width)}  ${'score'.padStart(7)}  ${'%'.padStart(5)}  status   runs  notes`,
      );
      for (const scenario of installer.scenarios) lines.push(`  ${scenarioLine(scenario, width)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function scenarioLine(scenario: ScenarioVerdict, width: number): string {
  const condition = conditionOf(scenario);
  return [
    printable(scenario.scenario).padEnd(width),
    `${scenario.score}/${scenario.max}`.padStart(7),
    scenario.percent.toFixed(1).padStart(5),
    condition.word.padEnd(7),
    String(scenario.runCount).padStart(5),
    condition.flags.join('; '),
  ]
    .join('  ')
    .trimEnd();
}

/** The --json summary: one object on stdout, the figures a script checks. */
export function verdictSummary(verdict: Verdict, documents: DocumentStats, wroteFiles: boolean) {
  return {
    asOf: new Date(verdict.asOf).toISOString(),
    period: verdict.periodDays,
    rule: verdict.rule,
    wroteFiles,
    documents: { read: documents.read, used: documents.used, rejected: documents.rejected },
    versions: verdict.versions.map((version) => ({
      version: version.version,
      installers: version.installers.map((installer) => ({
        installer: installer.installer,
        ...installerCounts(installer),
        scenarios: installer.scenarios.map((scenario) => ({
          scenario: scenario.scenario,
          score: scenario.score,
          max: scenario.max,
          status: scenario.status,
          condition: conditionOf(scenario).kind,
          validated: scenario.validated,
          stale: scenario.stale,
        })),
      })),
    })),
  };
}
