import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** An import pattern for a folder of src/ seen from any depth below src/. */
const layer = (name) => [`../${name}/**`, `../../${name}/**`, `../${name}`, `../../${name}`];

const ADAPTERS = ['config', 'publish', 'render', 'sources', 'state', 'threads'];
/** The only imports between adapters. */
const ALLOWED = new Set(['sources->config', 'render->publish']);

/**
 * The layers of docs/ARCHITECTURE.md, enforced: core is pure (nothing outside core, no Node built-in);
 * the adapters build on core alone, except that sources read their connection settings and redact
 * credentials through config, and render writes the site through publish (the commit of pages and
 * state); app wires them (and runs a read in parts on worker threads through threads); the CLI reaches
 * the adapters only through app.
 */
const layers = [
  {
    files: ['src/core/**/*.ts'],
    patterns: [
      {
        group: ['app', 'cli', ...ADAPTERS].flatMap(layer),
        message: 'core imports nothing outside core (docs/ARCHITECTURE.md, "Layers").',
      },
      { group: ['node:*'], message: 'core does no I/O: no Node built-in (docs/ARCHITECTURE.md, "Layers").' },
    ],
  },
  ...ADAPTERS.map((adapter) => ({
    files: [`src/${adapter}/**/*.ts`],
    patterns: [
      {
        group: ['app', 'cli', ...ADAPTERS]
          .filter((other) => other !== adapter && !ALLOWED.has(`${adapter}->${other}`))
          .flatMap(layer),
        message: `${adapter} is an adapter: it builds on core alone (docs/ARCHITECTURE.md, "Layers").`,
      },
    ],
  })),
  {
    files: ['src/app/**/*.ts'],
    patterns: [
      { group: layer('cli'), message: 'app never imports the CLI (docs/ARCHITECTURE.md, "Layers").' },
    ],
  },
  {
    files: ['src/cli/**/*.ts'],
    patterns: [
      {
        group: ['publish', 'render', 'sources', 'state'].flatMap(layer),
        message: 'the CLI reaches the adapters through app (docs/ARCHITECTURE.md, "Layers").',
      },
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'output/**', 'node_modules/**', 'templates/assets/**', 'bench/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // The house's size targets: a file a reader can hold in mind, a function that fits on a screen.
  {
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  ...layers.map(({ files, patterns }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  })),
);
