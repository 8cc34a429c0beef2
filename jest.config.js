/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type-checking is `npm run build`'s job; transpiling alone keeps the suite fast.
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
  snapshotSerializers: ['<rootDir>/test/support/snapshot-serializer.ts'],
  maxWorkers: 2,
};
