// The README's configuration table is the reference users read: it must list every option the loader
// knows, with the same names.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_REFERENCE } from '../../src/config/index.js';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('README', () => {
  it.each(CONFIG_REFERENCE.map((option) => [option.yaml, option]))(
    'documents %s with its variable and flag',
    (_yaml, option) => {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${option.yaml}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(`\`${option.env}\``);
      if (option.flag) expect(row).toContain(`\`${option.flag}\``);
    },
  );

  it('starts with the two commands a newcomer types', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm test');
  });
});
