// Two projects: `unit` (pure logic, no services) and `integration` (real PostgreSQL + real Apache Kafka,
// started or located once by test/harness/global-setup.ts). `npm test` runs both.
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
      // Runs only when an integration test is selected: locates or starts PostgreSQL and Kafka once.
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
      transform,
      testMatch: ['<rootDir>/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
