/** @type {import('jest').Config} The engine tiers: `npm run test:engine` (see the README). */
const base = require('./jest.config');
module.exports = {
  ...base,
  testMatch: ['**/test/engine/**/*.engine.ts'],
  globalSetup: '<rootDir>/test/engine/global-setup.ts',
  reporters: ['default', '<rootDir>/test/engine/summary-reporter.js'],
  // The tiers share one machine's engines and servers: one file at a time.
  maxWorkers: 1,
  testTimeout: 30 * 60 * 1000,
};
