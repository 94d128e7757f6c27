// Type-aware lint: floating promises and non-exhaustive switches are the bugs that lose events.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The layering (docs/architecture.md), lowest first: a src folder may import the folders before it in
 * ORDER, never one after it, bar the exceptions below. `types` are folders it may import types from only
 * (a port declared by structure while the type's home is not yet moved down).
 */
const ORDER = [
  'common',
  'messaging',
  'security',
  'config',
  'domain',
  'persistence',
  'projection',
  'ingest',
  'delivery',
  'api',
  'cli',
  'demo',
  'ops',
];
const LAYERS = ORDER.slice(0, ORDER.indexOf('api') + 1).map((layer) => {
  const exceptions =
    {
      // security reads its settings' types; config parses the clocks' lead overrides with their rule.
      security: { allow: ['config'] },
      config: { allow: ['domain'] },
    }[layer] ?? {};
  const above = ORDER.slice(ORDER.indexOf(layer) + 1).filter((l) => !(exceptions.allow ?? []).includes(l));
  const types = exceptions.types ?? [];
  return {
    files: [`src/${layer}/**`],
    // Only the ingest door runs connectors (through their SDK and registry).
    forbid: [...above.filter((l) => !types.includes(l)), ...(layer === 'ingest' ? [] : ['connectors'])],
    types,
  };
});

/** An import path that enters `folder` (a sibling src folder, or the top-level connectors/). */
const into = (folder) =>
  folder === 'connectors' ? '(^|/)connectors(/|$)' : `^(\\.\\./)+(src/)?${folder}(/|$)|^\\./${folder}(/|$)`;

const layerRules = LAYERS.map(({ files, forbid, types = [] }) => ({
  files,
  ignores: ['**/*.spec.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbid.map((folder) => ({
            regex: into(folder),
            message: `layering: ${files[0]} must not import ${folder} (docs/architecture.md)`,
          })),
          ...types.map((folder) => ({
            regex: into(folder),
            allowTypeImports: true,
            message: `layering: ${files[0]} may import only types from ${folder} (docs/architecture.md)`,
          })),
        ],
      },
    ],
  },
}));

/** A connector uses the SDK barrel (connectors/contract) and its own folder, nothing else. */
const connectorRule = {
  files: ['connectors/*/**/*.ts'],
  ignores: ['connectors/contract/**', '**/*.spec.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^\\.\\./(?!contract$)',
            message:
              "a connector imports only the SDK ('../contract') and its own files (connectors/README.md)",
          },
        ],
      },
    ],
  },
};

/** Syntax refused everywhere. */
const BASE_SYNTAX_RULES = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  {
    selector: "CallExpression[callee.object.name='it'][callee.property.name='only']",
    message: 'No focused tests.',
  },
  {
    selector: "CallExpression[callee.object.name='describe'][callee.property.name='only']",
    message: 'No focused tests.',
  },
  {
    selector: "CallExpression[callee.object.name='it'][callee.property.name='skip']",
    message: 'No skipped tests.',
  },
];

/** All SQL lives in src/persistence; the table event log (the embedded default's log) is that adapter's own. */
const sqlRule = {
  files: ['src/**/*.ts'],
  ignores: ['src/persistence/**', 'src/messaging/postgres-event-log.ts', '**/*.spec.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      ...BASE_SYNTAX_RULES,
      {
        selector: "CallExpression[callee.property.name='query']",
        message: 'SQL lives in src/persistence: add a repository method (README "Layout").',
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.kafka/**',
      'jest.config.js',
      'eslint.config.mjs',
      'test/harness/summary-reporter.js',
      'test/harness/sequencer.js',
      // Plain CommonJS the tests and npm start load before any TypeScript (no type information to lint).
      'scripts/run-source.js',
      // The bench's PostGraphile peer: its own package (own install, Node >= 22 dependencies), plain JS.
      'bench/peers/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...BASE_SYNTAX_RULES],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              message: 'Only src/messaging/kafka-event-log.ts may import kafkajs; use the EventLog port.',
            },
          ],
        },
      ],
    },
  },
  {
    // The benchmarks' baselines measure bare kafkajs on purpose; the Debezium peer reads its group's offsets.
    files: [
      'src/messaging/kafka-event-log.ts',
      'bench/raw-kafka-baseline.ts',
      'bench/projector-throughput.ts',
      'bench/debezium-sink-peer.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  ...layerRules,
  connectorRule,
  sqlRule,
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  prettier,
);
