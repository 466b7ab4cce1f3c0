import type { SyntaxExpression } from '../../src/hcl/body';
import { parseJSON } from '../../src/hcl/json/parser';
import { absTraversalForExpr, exprAsKeyword, exprList, literalString } from '../../src/hcl/static-expr';

function json(src: string): SyntaxExpression {
  const r = parseJSON(src, 't.json');
  expect(r.diagnostics).toEqual([]);
  return { syntax: 'json', value: r.root };
}

describe('static expressions in JSON syntax', () => {
  it('exprList gives array elements, and nothing for a non-array (as hcl does)', () => {
    const { exprs, diagnostics } = exprList(json('["source.null.a", "b"]'));
    expect(diagnostics).toEqual([]);
    expect(exprs.map(literalString)).toEqual(['source.null.a', 'b']);
    expect(exprList(json('"x"'))).toEqual({ exprs: [], diagnostics: [] });
  });

  it('absTraversalForExpr parses a traversal from a string with positions inside it', () => {
    const { traversal, diagnostics } = absTraversalForExpr(json(' "var.a[0][\\"k\\"].b.1"'));
    expect(diagnostics).toEqual([]);
    expect(traversal?.map((t) => (t.kind === 'index' ? t.key : t.name))).toEqual([
      'var',
      'a',
      { type: 'number', value: '0' },
      { type: 'string', value: 'k' },
      'b',
      { type: 'number', value: '1' },
    ]);
    expect(traversal?.[0].range.start).toEqual({ line: 1, column: 3, byte: 2 });
    expect(traversal?.[1].range).toMatchObject({ start: { column: 6 }, end: { column: 8 } });
  });

  it('absTraversalForExpr rejects anything but a static reference', () => {
    for (const src of ['"f(x)"', '"a + b"', '"${a}"', '1', '"a."']) {
      const r = absTraversalForExpr(json(src));
      expect(r.traversal).toBeUndefined();
      expect(r.diagnostics.map((d) => d.summary)).toEqual(['Invalid expression']);
      expect(r.diagnostics[0].detail).toMatch(/^A single static variable reference is required/);
    }
  });

  it('exprAsKeyword accepts only a bare name', () => {
    expect(exprAsKeyword(json('"foo"'))).toBe('foo');
    expect(exprAsKeyword(json('"foo.bar"'))).toBeUndefined();
    expect(exprAsKeyword(json('true'))).toBeUndefined();
  });

  it('literalString reads JSON strings literally, templates included', () => {
    expect(literalString(json('"${x}"'))).toBe('${x}');
    expect(literalString(json('1'))).toBeUndefined();
  });
});
