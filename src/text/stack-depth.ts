/**
 * Deeply nested input (10,000 parentheses, a 5,000-deep JSON array, 3,000 nested `{{if}}`) makes the
 * recursive parsers and the evaluator run out of JavaScript stack, which Go's growable stacks never
 * do. The entry points of each language catch that one error and turn it into a diagnostic at the
 * place they had reached, so deep input is a user error with a position, not a crash.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes('Maximum call stack size exceeded');
}

export const TOO_DEEP_SUMMARY = 'Nesting too deep';

export const TOO_DEEP_DETAIL =
  'This is nested more deeply than Kiln can process; reduce the nesting of brackets, blocks or templates here.';
