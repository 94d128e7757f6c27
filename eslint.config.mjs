// Type-aware lint: floating promises and non-exhaustive switches are the bugs that lose events.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

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
      'no-restricted-syntax': [
        'error',
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
      ],
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
    // The benchmarks' baselines measure bare kafkajs on purpose.
    files: [
      'src/messaging/kafka-event-log.ts',
      'bench/raw-kafka-baseline.ts',
      'bench/projector-throughput.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  prettier,
);
