// The linter enforces the layers of docs/ARCHITECTURE.md: a deliberate cross-layer import fails.
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/cli.js';

const eslint = new ESLint({ cwd: root });

/** The rule ids eslint reports for `code` placed in the existing source file `filePath`. */
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

// The first type-aware lint loads the TypeScript project: slow on a busy machine, so done once here.
beforeAll(() => problems('src/core/scope.ts', ''), 300_000);

describe('the layers, as the linter enforces them', () => {
  it.each([
    ['core', 'src/core/scope.ts', "import { loadState } from '../state/index.js';"],
    ['core', 'src/core/scope.ts', "import { readFile } from 'node:fs/promises';"],
    ['an adapter', 'src/render/csv.ts', "import { loadState } from '../state/index.js';"],
    ['an adapter', 'src/state/lock.ts', "import { generate } from '../app/generate.js';"],
    ['the CLI', 'src/cli/text-table.ts', "import { loadState } from '../state/index.js';"],
    ['the CLI', 'src/cli/commands/config.ts', "import { openSource } from '../../sources/index.js';"],
    ['the CLI', 'src/cli/text-table.ts', "import { publish } from '../publish/index.js';"],
    ['publish', 'src/publish/commit.ts', "import { renderSite } from '../render/index.js';"],
    ['publish', 'src/publish/layout.ts', "import { loadState } from '../state/index.js';"],
    ['an adapter', 'src/state/lock.ts', "import { recover } from '../publish/index.js';"],
  ])('refuses a cross-layer import in %s (%s)', async (_layer, file, line) => {
    const found = await problems(file, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)?.[1]}];\n`);
    expect(found.join('\n')).toMatch(/no-restricted-imports: .*docs\/ARCHITECTURE\.md/);
  });

  it.each([
    ['core', 'src/core/scope.ts', "import { compareText } from './names.js';"],
    ['an adapter', 'src/render/csv.ts', "import { compareText } from '../core/index.js';"],
    ['the CLI', 'src/cli/text-table.ts', "import { generate } from '../app/generate.js';"],
    ['publish', 'src/publish/layout.ts', "import { StateError } from '../core/index.js';"],
    ['render', 'src/render/csv.ts', "import { publish } from '../publish/index.js';"],
    ['app', 'src/app/notify.ts', "import { recover } from '../publish/index.js';"],
  ])('lets %s import what its layer may (%s)', async (_layer, file, line) => {
    const found = await problems(file, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)?.[1]}];\n`);
    expect(found.filter((problem) => problem.includes('no-restricted-imports'))).toEqual([]);
  });

  it('refuses a promise nobody awaits', async () => {
    const code =
      'export async function write(): Promise<void> {}\nexport function run(): void {\n  write();\n}\n';
    expect((await problems('src/cli/text-table.ts', code)).join('\n')).toMatch(/no-floating-promises/);
  });
});
