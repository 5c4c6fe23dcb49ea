/** @type {import('jest').Config} */
const tsJest = {
  '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json' }],
  // ESM-only packages (otplib v13's @scure/base and @noble/hashes; github-slugger for the docs link test):
  // compile them to CommonJS for Jest.
  '/node_modules/(@scure|@noble|github-slugger)/.+\\.js$': '<rootDir>/test/support/esm-packages-transform.js',
};
const base = {
  testEnvironment: 'node',
  transform: tsJest,
  transformIgnorePatterns: ['/node_modules/(?!(@scure|@noble|github-slugger)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
/** Projects that run repositories in the test process check that an index serves every query they send. */
const indexCoverage = { setupFilesAfterEnv: ['<rootDir>/test/support/index-coverage.ts'] };

module.exports = {
  // The machine that runs the suite may be busy (CI beside other work, a CPU burner in .ci/run): a test or hook
  // gets 60 s before it counts as hung. Tests that start a process or a database wait on a condition with their
  // own generous limit; nothing waits on a fixed sleep.
  testTimeout: 60_000,
  projects: [
    { ...base, ...indexCoverage, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...base,
      ...indexCoverage,
      displayName: 'contract',
      testMatch: ['<rootDir>/test/contract/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/mongo-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/mongo-global-teardown.ts',
    },
    // The same contract suite against FerretDB on PostgreSQL (a private cluster started by its global setup):
    // only the MongoDB side runs; files that never touch the shared server run once, in `contract`.
    {
      ...base,
      ...indexCoverage,
      displayName: 'contract-pg',
      testMatch: ['<rootDir>/test/contract/**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '/test/contract/(embedded-persistence|mongo-errors|mongo-global-setup|query-shapes|safe-value)\\.test\\.ts$',
      ],
      setupFiles: ['<rootDir>/test/support/use-postgres-backend.ts'],
      globalSetup: '<rootDir>/test/support/ferretdb-postgres-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/ferretdb-postgres-global-teardown.ts',
    },
    {
      ...base,
      ...indexCoverage,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/mongo-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/mongo-global-teardown.ts',
    },
    {
      ...base,
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/mongo-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/mongo-global-teardown.ts',
    },
    // testTimeout is not a per-project option: each e2e file sets jest.setTimeout itself.
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] },
  ],
};
