/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type-checking is `npm run build`'s job; transpiling alone, with SWC, keeps the suite fast.
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  snapshotSerializers: ['<rootDir>/test/support/snapshot-serializer.ts'],
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
};
