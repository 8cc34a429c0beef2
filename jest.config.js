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
  // A worker whose heap has grown past this is replaced after its file: the app-building suites leave
  // large heaps, and collecting them cost more than a fresh worker (npm test 55 -> 47-50 s warm; 512MB: 58 s).
  workerIdleMemoryLimit: '768MB',
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
};
