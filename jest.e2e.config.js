/**
 * End-to-end tests (`npm run test:e2e`): real n8n and the Wisepops sandbox. One file at a time
 * (each starts its own n8n on its own ports); generous timeouts because n8n starts in seconds,
 * not milliseconds. The global setup installs n8n on first use and packs our package once.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@popup-leads/core$': '<rootDir>/core/src/index.ts',
    '^@popup-leads/sandbox$': '<rootDir>/sandbox/src/index.ts',
  },
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
