import { NumberType, StringType, listOf, mapOf } from '../../src/values/types';
import { Value } from '../../src/values/value';
import { ctxWith } from './harness';
import { detailsOf, diags, show, value } from './source-harness';

const ctx = ctxWith({
  var: Value.object({ a: Value.string('x'), l: Value.list([Value.string('1'), Value.string('2')]) }),
  u: Value.unknown(StringType),
  ul: Value.unknown(listOf(StringType)),
  p: Value.string('s').mark('sensitive'),
});

describe('try()', () => {
  it('returns the first argument that evaluates without errors', () => {
    expect(show(value('try(var.nope, var.a, "z")', ctx))).toBe('"x"');
    expect(show(value('try(var.l[5], "fallback")', ctx))).toBe('"fallback"');
    expect(show(value('try(var.a)', ctx))).toBe('"x"');
  });
  it('is unknown when the first good argument is not wholly known', () => {
    expect(show(value('try(u, "z")', ctx))).toBe('<unknown dynamic>');
    expect(show(value('try(var.nope, [u])', ctx))).toBe('<unknown dynamic>');
  });
  it('reports all failures when nothing succeeds', () => {
    expect(diags('try(nope, var.b)', ctx)).toEqual(['Error in function call @ 1-5']);
    expect(detailsOf('try(nope, var.b)', ctx)).toEqual([
      'Call to function "try" failed: no expression succeeded:\n' +
        '- Unknown variable (at t.hcl:1,5-9)\n  There is no variable named "nope".\n' +
        '- Unsupported attribute (at t.hcl:1,14-16)\n  This object does not have an attribute named "b".\n' +
        '\nAt least one expression must produce a successful result.',
    ]);
    expect(detailsOf('try()', ctx)).toEqual([
      'Call to function "try" failed: at least one argument is required.',
    ]);
  });
});

describe('can()', () => {
  it('tells whether an expression evaluates without errors', () => {
    expect(show(value('can(var.a)', ctx))).toBe('true');
    expect(show(value('can(var.nope)', ctx))).toBe('false');
    expect(show(value('can(var.l[9])', ctx))).toBe('false');
    expect(show(value('can(p)', ctx))).toBe('true');
  });
  it('does not decide on unknown values', () => {
    expect(show(value('can(u)', ctx))).toBe('<unknown bool>');
    expect(show(value('can(ul[3])', ctx))).toBe('<unknown bool>');
  });
  it('checks its argument count like any function', () => {
    expect(diags('can()', ctx)).toEqual(['Not enough function arguments @ 5-6']);
    expect(detailsOf('can(1, 2)', ctx)).toEqual(['Function "can" expects only 1 argument(s).']);
  });
  it('is unavailable where functions are not allowed', () => {
    expect(diags('can(1)', null)).toEqual(['Function calls not allowed @ 1-7']);
  });
  it('is suggested for misspellings', () => {
    expect(detailsOf('tyr(1)', ctx)).toEqual(['There is no function named "tyr". Did you mean "try"?']);
  });
});

describe('convert()', () => {
  it('converts to a type constraint', () => {
    expect(show(value('convert([1, 2], list(string))', ctx))).toBe('["1", "2"]');
    expect(value('convert({a = 1}, map(number))', ctx).type).toEqual(mapOf(NumberType));
    expect(value('convert("5", number)', ctx).type).toEqual(NumberType);
    expect(value('convert(null, string)', ctx).isNull()).toBe(true);
    expect(value('convert(null, string)', ctx).type).toEqual(StringType);
  });
  it('keeps unknowns and marks', () => {
    expect(show(value('convert(u, string)', ctx))).toBe('<unknown string>');
    expect(show(value('convert(p, string)', ctx))).toBe('"s"(sensitive)');
  });
  it('reports bad values and bad types', () => {
    expect(diags('convert("a", number)', ctx)).toEqual(['Invalid function argument @ 10-11']);
    expect(detailsOf('convert("a", number)', ctx)).toEqual([
      'Invalid value for "value" parameter: a number is required.',
    ]);
    expect(diags('convert(1, nope)', ctx).map((d) => d.split(' @')[0])).toEqual([
      'Invalid type specification',
    ]);
    expect(diags('convert(1)', ctx)).toEqual(['Not enough function arguments @ 10-11']);
  });
});
