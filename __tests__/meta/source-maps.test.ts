import * as fs from 'fs';

/**
 * Stack traces in test output (failures, and the code frames Jest prints for console.warn skip notes)
 * point at the TypeScript source lines: jest.config.js turns on source maps, which tsconfig.json
 * leaves off. Without them the lines are the compiled JavaScript's, and frames show unrelated lines.
 */

interface Typed {
  readonly a: number;
}

describe('source maps in tests', () => {
  it('map a stack frame to the line of this file that made it', () => {
    const typed: Typed = { a: 1 };
    const stack = new Error(String(typed.a)).stack ?? ''; // the marked line
    const expected = fs
      .readFileSync(__filename, 'utf8')
      .split('\n')
      .findIndex((l) => l.endsWith('// the marked line'));
    expect(stack.split('\n')[1]).toContain(`source-maps.test.ts:${expected + 1}:`);
  });
});
