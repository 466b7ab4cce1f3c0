import type { BodySchema, SyntaxExpression } from '../../../src/hcl/body';
import { expressionRange } from '../../../src/hcl/body';
import { legacyJsonBody } from '../../../src/hcl/json/body';
import { parseJSON } from '../../../src/hcl/json/parser';
import { exprList, literalString } from '../../../src/hcl/static-expr';
import { EvalContext } from '../../../src/eval/context';
import { evaluateSyntaxExpression, syntaxExpressionVariables } from '../../../src/eval/json';
import { renderConsole } from '../../../src/values/render';
import { Value } from '../../../src/values/value';

function body(src: string) {
  const r = parseJSON(src, 'legacy.json');
  expect(r.diagnostics).toEqual([]);
  return legacyJsonBody(r.root);
}

function literal(src: string): SyntaxExpression {
  const r = parseJSON(src, 'legacy.json');
  expect(r.diagnostics).toEqual([]);
  return { syntax: 'literal', value: r.root };
}

// A context that would resolve `${var.x}` if strings were templates: literal values must ignore it.
const ctx = new EvalContext({ variables: { var: Value.object({ x: Value.string('EXPANDED') }) } });

describe('legacy JSON bodies (literal expressions)', () => {
  const schema: BodySchema = {
    attributes: [{ name: 'ami_name' }, { name: 'tags' }, { name: 'count' }],
    blocks: [
      { type: 'launch_block_device_mappings', labelNames: [] },
      { type: 'source_ami_filter', labelNames: [] },
    ],
  };
  const src = `{
  "ami_name": "x-\${var.x}-%{ if true }",
  "tags": {"\${k}": "v", "n": 5},
  "count": 2,
  "launch_block_device_mappings": [{"device_name": "/dev/a"}, {"device_name": "/dev/b"}],
  "source_ami_filter": {"owners": ["self"]}
}`;

  it('evaluates strings literally, even with a context that would resolve them', () => {
    const { content, diagnostics } = body(src).content(schema);
    expect(diagnostics).toEqual([]);
    const show = (name: string): string => {
      const attr = content.attributes.get(name);
      if (!attr) throw new Error(`no ${name}`);
      expect(attr.expr.syntax).toBe('literal');
      const r = evaluateSyntaxExpression(attr.expr, ctx);
      expect(r.diagnostics).toEqual([]);
      return renderConsole(r.value);
    };
    expect(show('ami_name')).toBe('x-${var.x}-%{ if true }');
    expect(show('tags')).toBe('{\n  "${k}" = "v"\n  "n" = 5\n}');
    expect(show('count')).toBe('2');
  });

  it('makes blocks from objects and arrays of objects, with literal bodies too', () => {
    const { content } = body(src).content(schema);
    expect(content.blocks.map((b) => b.type)).toEqual([
      'launch_block_device_mappings',
      'launch_block_device_mappings',
      'source_ami_filter',
    ]);
    const inner = content.blocks[1].body.content({ attributes: [{ name: 'device_name' }], blocks: [] });
    expect(inner.diagnostics).toEqual([]);
    const expr = inner.content.attributes.get('device_name')?.expr;
    expect(expr?.syntax).toBe('literal');
    expect(expr && literalString(expr)).toBe('/dev/b');
  });

  it('keeps the literal flavour in the body partialContent leaves', () => {
    const { remain } = body(src).partialContent({ attributes: [{ name: 'count' }], blocks: [] });
    const { attributes, diagnostics } = remain.justAttributes();
    expect(diagnostics).toEqual([]);
    expect([...attributes.keys()]).toEqual([
      'ami_name',
      'tags',
      'launch_block_device_mappings',
      'source_ami_filter',
    ]);
    expect([...attributes.values()].every((a) => a.expr.syntax === 'literal')).toBe(true);
  });

  it('does not treat "//" as a comment: Packer would reject it as an unknown key', () => {
    const { diagnostics } = body('{"//": "note", "count": 1}').content(schema);
    expect(diagnostics.map((d) => [d.summary, d.subject?.start.column])).toEqual([
      [`unknown configuration key: '"//"'`, 2],
    ]);
    expect(body('{"//": "note"}').justAttributes().attributes.has('//')).toBe(true);
  });
});

describe('static readings of literal expressions', () => {
  it('exprList keeps elements literal; literalString reads strings', () => {
    const { exprs, diagnostics } = exprList(literal('["${a}", "b"]'));
    expect(diagnostics).toEqual([]);
    expect(exprs.map((e) => e.syntax)).toEqual(['literal', 'literal']);
    expect(exprs.map(literalString)).toEqual(['${a}', 'b']);
    expect(literalString(literal('5'))).toBeUndefined();
  });

  it('refers to no variables and points at its JSON value', () => {
    const e = literal('  "${var.x}"');
    expect(syntaxExpressionVariables(e)).toEqual([]);
    expect(expressionRange(e)).toMatchObject({ start: { column: 3 }, end: { column: 13 } });
  });

  it('a non-list is an empty list, as for JSON', () => {
    expect(exprList(literal('{"a": 1}'))).toEqual({ exprs: [], diagnostics: [] });
  });
});
