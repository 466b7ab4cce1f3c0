/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Source maps (off in tsconfig.json for tsc builds) so that stack traces and code frames in
    // test output point at the TypeScript lines, not at the compiled JavaScript's.
    '^.+\\.ts$': ['ts-jest', { tsconfig: { sourceMap: true } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
