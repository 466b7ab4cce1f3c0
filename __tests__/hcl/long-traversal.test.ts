import { parseExpression } from '../../src/hcl/syntax/parser';
import type { Expression } from '../../src/hcl/syntax/ast';

/** `x.a.a.a…` with tens of thousands of steps parses in linear time (issue 20; Packer: 0.3 s). */
describe('long traversal chains', () => {
  const parse = (src: string): Expression => {
    const r = parseExpression(src, 't.hcl');
    expect(r.diagnostics).toEqual([]);
    return r.expr;
  };
  const time = (n: number): number => {
    const t0 = process.hrtime.bigint();
    parse(`x${'.a'.repeat(n)}`);
    return Number(process.hrtime.bigint() - t0);
  };

  it('keeps every step, in order', () => {
    const e = parse(`x${'.a'.repeat(40_000)}[1]`);
    expect(e.kind).toBe('ScopeTraversal');
    const steps = (e as Extract<Expression, { kind: 'ScopeTraversal' }>).traversal;
    expect(steps).toHaveLength(40_002);
    expect(steps[40_001].kind).toBe('index');
  });

  it('grows linearly: ten times the steps take far less than a hundred times as long', () => {
    time(4_000); // warm up
    const small = Math.min(time(4_000), time(4_000));
    const large = time(40_000);
    expect(large / small).toBeLessThan(40);
  });

  it('does not change a traversal kept as the source of a splat', () => {
    const e = parse('x.a.b.*.c.d');
    expect(e.kind).toBe('Splat');
    const source = (e as Extract<Expression, { kind: 'Splat' }>).source;
    expect(source.kind).toBe('ScopeTraversal');
    expect((source as Extract<Expression, { kind: 'ScopeTraversal' }>).traversal).toHaveLength(3);
  });
});
