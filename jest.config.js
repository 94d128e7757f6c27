// Three tiers: `unit` (pure logic and services against fakes, nothing started), `integration` (real
// PostgreSQL with the table event log, no broker) and `e2e` (real Apache Kafka: the whole hub, the broker's
// faults). Infrastructure is started or located once by test/harness/global-setup.ts, the broker only for
// `e2e`. `npm test` runs all three; `npm run test:<tier>` runs one.
const fs = require('node:fs');
const swcConfig = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }] };

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests wait on a real broker; waits inside tests are bounded by expectEventually.
  testTimeout: 90000,
  testSequencer: '<rootDir>/test/harness/sequencer.js',
  reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/connectors/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      // Runs only when an integration or e2e test is selected: locates or starts PostgreSQL (and, for e2e,
      // Kafka) once.
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
      transform,
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
      transform,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
