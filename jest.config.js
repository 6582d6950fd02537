/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest's default keeps a core free; the suites that spawn processes wait on them more than
  // they compute, so every core runs a suite (on 2 cores: 35 s instead of 56 s).
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: { '^cdktf-cluster-groups$': '<rootDir>/src/index.ts', '^cdktf-cluster-groups/sdk$': '<rootDir>/src/sdk/index.ts' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
