import { n, s, callError, expectFunctionError } from './text-helpers';
import { diags, detailsOf } from '../source-harness';
import { EvalContext } from '../../../src/eval/context';
import { packerFunctions } from '../../../src/eval/functions/index';

const ctx = new EvalContext({ variables: {}, functions: packerFunctions({ baseDir: '.' }) });

/** Arguments that reach JavaScript's own limits fail like any other call, naming the function. */
describe('results too large for JavaScript', () => {
  it('indent and format fail with a function error instead of a RangeError', () => {
    expectFunctionError(
      callError('indent', n(1e9), s('a\nb')),
      'the result is too large to hold in memory (Invalid string length)',
    );
    expectFunctionError(
      callError('format', s('%01000000000d'), n(1)),
      'the result is too large to hold in memory (Invalid string length)',
    );
  });

  it('is a positioned diagnostic naming the function', () => {
    expect(diags('indent(1e9, "a\\nb")', ctx)).toEqual(['Error in function call @ 1-8']);
    expect(detailsOf('format("%01000000000d", 1)', ctx)).toEqual([
      'Call to function "format" failed: the result is too large to hold in memory (Invalid string length).',
    ]);
  });
});
