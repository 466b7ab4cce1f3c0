import { EvalContext } from '../../src/eval/context';
import { evaluateSyntaxExpression, syntaxExpressionVariables } from '../../src/eval/json';
import type { SyntaxExpression } from '../../src/hcl/body';
import { parseJSON } from '../../src/hcl/json/parser';
import { parseExpression } from '../../src/hcl/syntax/parser';
import { typeString } from '../../src/values/types';
import { Value } from '../../src/values/value';

function json(src: string): SyntaxExpression {
  const r = parseJSON(src, 't.json');
  expect(r.diagnostics).toEqual([]);
  return { syntax: 'json', value: r.root };
}

const ctx = new EvalContext({
  variables: {
    var: Value.object({ name: Value.string('web'), n: Value.number(3) }),
    unknown: Value.DynamicUnknown,
  },
});

describe('evaluating JSON expressions', () => {
  it('reads strings literally without an evaluation context', () => {
    const r = evaluateSyntaxExpression(json('"${var.name}"'), undefined);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.asString()).toBe('${var.name}');
  });

  it('evaluates strings as templates with a context; a lone interpolation keeps its type', () => {
    const s = evaluateSyntaxExpression(json('"app-${var.name}"'), ctx);
    expect(s.diagnostics).toEqual([]);
    expect(s.value.asString()).toBe('app-web');
    const n = evaluateSyntaxExpression(json('"${var.n}"'), ctx);
    expect(typeString(n.value.type)).toBe('number');
  });

  it('keeps numbers exact, makes tuples of arrays and objects with template keys', () => {
    const r = evaluateSyntaxExpression(
      json('{"big": 12345678901234567890.5, "list": [1, "a", null, true], "${var.name}-key": 1}'),
      ctx,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value.getAttr('big')?.asNumber().toString()).toBe('12345678901234567890.5');
    expect(typeString(r.value.getAttr('list')?.type ?? r.value.type)).toBe(
      'tuple([number, string, any, bool])',
    );
    expect(r.value.getAttr('web-key')?.asNumber().toNumber()).toBe(1);
  });

  it('reports duplicate keys and unusable keys', () => {
    const dup = evaluateSyntaxExpression(json('{"a": 1, "a": 2}'), undefined);
    expect(dup.diagnostics.map((d) => [d.summary, d.detail])).toEqual([
      ['Duplicate object attribute', 'An attribute named "a" was already defined at t.json:1,2-5.'],
    ]);
    const unk = evaluateSyntaxExpression(json('{"${unknown}": 1}'), ctx);
    expect(unk.diagnostics).toEqual([]);
    expect(unk.value.isKnown()).toBe(false);
  });

  it('maps template positions into the JSON file (from just after the quote)', () => {
    const r = evaluateSyntaxExpression(json('{\n  "a": "x-${var.nope}"\n}'), ctx);
    expect(r.diagnostics.map((d) => d.summary)).toEqual(['Unsupported attribute']);
    const subject = r.diagnostics[0].subject;
    expect(subject?.start.line).toBe(2);
    // `.nope` starts at column 16 of line 2.
    expect(subject?.start.column).toBe(16);
  });

  it('lists the variables a JSON expression refers to, keys included', () => {
    const vars = syntaxExpressionVariables(json('{"${var.k}": ["${var.name}", "plain", 1]}'));
    expect(vars.map((t) => t.map((s) => (s.kind === 'index' ? '[]' : s.name)).join('.'))).toEqual([
      'var.k',
      'var.name',
    ]);
  });

  it('dispatches native expressions to the native evaluator', () => {
    const p = parseExpression('var.n + 1', 't.hcl');
    const e: SyntaxExpression = { syntax: 'native', expr: p.expr };
    expect(evaluateSyntaxExpression(e, ctx).value.asNumber().toNumber()).toBe(4);
    expect(syntaxExpressionVariables(e)).toHaveLength(1);
  });
});
