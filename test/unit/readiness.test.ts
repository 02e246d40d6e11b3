import { describe, expect, it } from 'vitest';
import { readinessOf, type ScenarioVerdict, type TestCaseVerdict } from '../../src/core/index.js';
import { installer, scenario, testCase, version } from '../support/builders.js';

const green = (name: string) => testCase({ name });
const short = (name: string, points: 0 | 1 | 2 = 2): TestCaseVerdict => testCase({ name, points });

/** A scenario with a green vping_ssh and the given test cases beside it. */
const on = (name: string, tests: TestCaseVerdict[] = [], fields: Partial<ScenarioVerdict> = {}) =>
  scenario({ scenario: name, tests: [green('vping_ssh'), ...tests], ...fields });

const defaults = { minInstallers: 1, countStale: false };

describe('readinessOf', () => {
  const colorado = version('colorado', [
    installer('apex', [on('os-a'), on('os-b', [short('odl')]), on('os-stale', [], { stale: true })]),
    installer('fuel', [on('os-b', [short('odl'), short('doctor', 0)]), on('os-c', [short('odl')])]),
  ]);

  it('puts ready rows first, then the close ones, then the rest, by name inside each group', () => {
    const readiness = readinessOf(colorado, defaults);
    expect(readiness.rows.map((row) => [row.scenario, row.ready, row.close])).toEqual([
      ['os-a', true, false],
      ['os-b', false, true],
      ['os-c', false, true],
      ['os-stale', false, false],
    ]);
    expect(readiness).toMatchObject({ ready: 1, close: 2, staleValidated: 1 });
  });

  it('lines the cells up with the installers, null where the scenario was not reported', () => {
    const readiness = readinessOf(colorado, defaults);
    expect(readiness.installers).toEqual(['apex', 'fuel']);
    const osA = readiness.rows.find((row) => row.scenario === 'os-a');
    expect(osA?.cells.map((cell) => cell?.condition.kind ?? null)).toEqual(['validated', null]);
  });

  it('shows a stale full score as stale, not ready, unless countStale says to count it', () => {
    const stale = readinessOf(colorado, defaults).rows.find((row) => row.scenario === 'os-stale');
    expect(stale).toMatchObject({ ready: false, staleValidated: true });
    expect(stale?.cells[0]?.condition.kind).toBe('stale');
    const counted = readinessOf(colorado, { minInstallers: 1, countStale: true });
    expect(counted.rows.find((row) => row.scenario === 'os-stale')).toMatchObject({
      ready: true,
      staleValidated: false,
    });
    expect(counted.ready).toBe(2);
  });

  it('asks for validation on minInstallers installers, counting the architectures of one as one', () => {
    const twice = version('master', [
      installer('apex', [on('os-a')]),
      installer('fuel@aarch64', [on('os-a'), on('os-b')]),
      installer('fuel@x86_64', [on('os-b')]),
    ]);
    const rows = readinessOf(twice, { minInstallers: 2, countStale: false }).rows;
    expect(rows.map((row) => [row.scenario, row.ready])).toEqual([
      ['os-a', true],
      ['os-b', false],
    ]);
  });

  it('is not close when the one missing point belongs to a stale pair', () => {
    const old = version('master', [installer('apex', [on('os-a', [short('odl')], { stale: true })])]);
    expect(readinessOf(old, defaults).rows[0]).toMatchObject({ ready: false, close: false });
  });

  it('counts a missing test (no run) as one test away', () => {
    const missing = testCase({ name: 'doctor', points: 0, runs: [] });
    const one = version('master', [installer('apex', [on('os-a', [missing], { missing: ['doctor'] })])]);
    expect(readinessOf(one, defaults).rows[0]).toMatchObject({ ready: false, close: true });
  });
});
