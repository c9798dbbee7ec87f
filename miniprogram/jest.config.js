/**
 * Two projects: `unit` (modules, components and pages against a mocked wx; no backend) and `journey`
 * (pages against a real backend started by tests/journey/global-setup.js).
 */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/unit/**/*.test.js', '<rootDir>/tests/pages/**/*.test.js'],
    },
    {
      displayName: 'journey',
      // jsdom plus Node's fetch/FormData/Blob, for the real multipart upload of wx.uploadFile
      testEnvironment: '<rootDir>/tests/helpers/jsdom-with-node-fetch.js',
      testMatch: ['<rootDir>/tests/journey/**/*.test.js'],
      globalSetup: '<rootDir>/tests/journey/global-setup.js',
      globalTeardown: '<rootDir>/tests/journey/global-teardown.js',
    },
  ],
};
