// The verdict the README shows is what `npm start` prints on the bundled sample today, line for line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli, sample } from '../support/cli.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('the README sample verdict', () => {
  it('matches the verdict of the sample data', () => {
    const block = /```text\n\$ npm start\n…\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const lines = block.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    const args = ['generate', '--source', `file:${sample}`, '--criteria', join(root, 'criteria')];
    const result = runCli([...args, '--as-of', '2016-07-14T23:59:59Z', '--dry-run'], root);
    expect(result.code).toBe(0);
    const printed = result.stdout.split('\n');
    const start = printed.indexOf(lines[0] ?? '');
    expect(printed.slice(start, start + lines.length)).toEqual(lines);
  });
});
