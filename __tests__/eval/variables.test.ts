import type { Traverser } from '../../src/hcl/syntax/ast';
import { variablesIn } from '../../src/eval/variables';
import { parse } from './source-harness';

/** Renders traversals as `a.b[0]` for comparison. */
function refs(src: string): string[] {
  return variablesIn(parse(src)).map((t: Traverser[]) =>
    t
      .map((s) =>
        s.kind === 'index'
          ? `[${s.key.type === 'string' ? JSON.stringify(s.key.value) : s.key.type === 'null' ? 'null' : String(s.key.value)}]`
          : s.kind === 'attr'
            ? `.${s.name}`
            : s.name,
      )
      .join(''),
  );
}

describe('variablesIn', () => {
  it('finds absolute traversals everywhere', () => {
    expect(refs('var.a + local.b[0] * f(data.x.y)')).toEqual(['var.a', 'local.b[0]', 'data.x.y']);
    expect(refs('"${var.a}-%{ if local.c }${path.root}%{ endif }"')).toEqual([
      'var.a',
      'local.c',
      'path.root',
    ]);
    expect(refs('cond ? [var.a] : {k = var.b}')).toEqual(['cond', 'var.a', 'var.b']);
    expect(refs('var.list[*].id')).toEqual(['var.list']);
    expect(refs('var.m[local.k]')).toEqual(['var.m', 'local.k']);
  });
  it('excludes names bound by for iterators, but not the collection', () => {
    expect(refs('[for i, v in var.l : v.x + i + local.z if v != var.skip]')).toEqual([
      'var.l',
      'local.z',
      'var.skip',
    ]);
    expect(refs('{for k, v in var.m : k => v}')).toEqual(['var.m']);
    expect(refs('"%{ for x in var.xs }${x}${var.sep}%{ endfor }"')).toEqual(['var.xs', 'var.sep']);
    // A for expression's iterator does not hide the same name outside it.
    expect(refs('[[for x in var.l : x], x]')).toEqual(['var.l', 'x']);
  });
  it('treats bare object keys as names, parenthesised keys as references', () => {
    expect(refs('{name = var.n, (local.k) = 1}')).toEqual(['var.n', 'local.k']);
  });
});
