/** @type {import('jest').Config} The jsii tier: `npm run test:jsii` builds the bindings, then runs these. */
const base = require('./jest.config');
module.exports = {
  ...base,
  testMatch: ['**/test/jsii/**/*.jsii.ts'],
  testTimeout: 20 * 60 * 1000,
};
