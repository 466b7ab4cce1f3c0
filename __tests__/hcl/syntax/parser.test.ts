import type { Diagnostic } from '../../../src/hcl/diagnostics';
import type { Range } from '../../../src/hcl/pos';
import type { Block, Expression } from '../../../src/hcl/syntax/ast';
import {
  parseConfig,
  parseExpression,
  parseTemplate,
  parseTraversalAbs,
} from '../../../src/hcl/syntax/parser';
import { GROWTH_BOUND, growthRatio } from '../../support/scaling';

/** A range in file "t.hcl" from [line, column, byte] to [line, column, byte]. */
function rng(s: [number, number, number], e: [number, number, number], filename = 't.hcl'): Range {
  return {
    filename,
    start: { line: s[0], column: s[1], byte: s[2] },
    end: { line: e[0], column: e[1], byte: e[2] },
  };
}

/** The tree without ranges, for shape assertions. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (!/(range|Range|Ranges)$/.test(k) && x !== undefined) o[k] = shape(x);
    }
    return o;
  }
  return v;
}

function expr(src: string): Expression {
  const r = parseExpression(src, 't.hcl');
  expect(r.diagnostics).toEqual([]);
  return r.expr;
}

function summaries(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => d.summary);
}

const root = (name: string) => ({ kind: 'root', name });
const attr = (name: string) => ({ kind: 'attr', name });
const num = (value: string) => ({ kind: 'LiteralValue', value: { type: 'number', value } });
const str = (value: string) => ({ kind: 'LiteralValue', value: { type: 'string', value } });
const ref = (...names: string[]) => ({
  kind: 'ScopeTraversal',
  traversal: [root(names[0]), ...names.slice(1).map(attr)],
});

describe('parseConfig: bodies, blocks, attributes and their ranges', () => {
  const src = 'source "amazon-ebs" "x" {\n  ami = "a"\n  tags { k = 1 }\n}\nn = 2\n';
  const { body, diagnostics } = parseConfig(src, 't.hcl');

  it('parses without diagnostics', () => {
    expect(diagnostics).toEqual([]);
  });

  it('records items in order with blocks and attributes split out', () => {
    expect(body.items.map((i) => i.kind)).toEqual(['Block', 'Attribute']);
    expect(body.blocks).toHaveLength(1);
    expect(body.attributes.map((a) => a.name)).toEqual(['n']);
    expect(body.range).toEqual(rng([1, 1, 0], [6, 1, 63]));
    expect(body.endRange).toEqual(rng([6, 1, 63], [6, 1, 63]));
  });

  it('gives a block its type, label, brace and whole ranges', () => {
    const b = body.blocks[0];
    expect(b.type).toBe('source');
    expect(b.labels).toEqual(['amazon-ebs', 'x']);
    expect(b.typeRange).toEqual(rng([1, 1, 0], [1, 7, 6]));
    expect(b.labelRanges).toEqual([rng([1, 8, 7], [1, 20, 19]), rng([1, 21, 20], [1, 24, 23])]);
    expect(b.openBraceRange).toEqual(rng([1, 25, 24], [1, 26, 25]));
    expect(b.closeBraceRange).toEqual(rng([4, 1, 55], [4, 2, 56]));
    expect(b.range).toEqual(rng([1, 1, 0], [4, 2, 56]));
    expect(b.body.range).toEqual(rng([1, 25, 24], [4, 2, 56]));
    expect(b.body.endRange).toEqual(rng([4, 2, 56], [4, 2, 56]));
  });

  it('gives an attribute its name, equals and whole ranges', () => {
    const a = body.blocks[0].body.attributes[0];
    expect(a.name).toBe('ami');
    expect(a.nameRange).toEqual(rng([2, 3, 28], [2, 6, 31]));
    expect(a.equalsRange).toEqual(rng([2, 7, 32], [2, 8, 33]));
    expect(a.range).toEqual(rng([2, 3, 28], [2, 12, 37]));
    expect(a.expr.range).toEqual(rng([2, 9, 34], [2, 12, 37]));
    expect(shape(a.expr)).toEqual({ kind: 'Template', parts: [str('a')], heredoc: false });
  });

  it('parses a one-line block with a single attribute', () => {
    const tags = body.blocks[0].body.blocks[0] as Block;
    expect(tags.type).toBe('tags');
    expect(tags.body.attributes.map((a) => a.name)).toEqual(['k']);
    expect(tags.range).toEqual(rng([3, 3, 40], [3, 17, 54]));
  });

  it('accepts comments, CRLF, tabs, blank lines and a file without a final newline', () => {
    const r = parseConfig('# c\r\n\r\n\ta = 1 // x\r\n/* b */ b = 2', 't.hcl');
    expect(r.diagnostics).toEqual([]);
    expect(r.body.attributes.map((a) => a.name)).toEqual(['a', 'b']);
  });

  it('accepts identifier labels and empty blocks', () => {
    const r = parseConfig('a b c {}\nd {\n}\n', 't.hcl');
    expect(r.diagnostics).toEqual([]);
    expect(r.body.blocks.map((b) => [b.type, b.labels])).toEqual([
      ['a', ['b', 'c']],
      ['d', []],
    ]);
  });
});

describe('parseExpression: every expression form', () => {
  it.each<[string, unknown]>([
    ['42', num('42')],
    ['1.5e3', num('1.5e3')],
    ['true', { kind: 'LiteralValue', value: { type: 'bool', value: true } }],
    ['null', { kind: 'LiteralValue', value: { type: 'null' } }],
    ['var.x', ref('var', 'x')],
    [
      'a[0]["k"].b',
      {
        kind: 'ScopeTraversal',
        traversal: [
          root('a'),
          { kind: 'index', key: { type: 'number', value: '0' } },
          { kind: 'index', key: { type: 'string', value: 'k' } },
          attr('b'),
        ],
      },
    ],
    [
      'a.0',
      {
        kind: 'ScopeTraversal',
        traversal: [root('a'), { kind: 'index', key: { type: 'number', value: '0' } }],
      },
    ],
    ['a[i]', { kind: 'Index', collection: ref('a'), key: ref('i') }],
    [
      'f(x).y',
      {
        kind: 'RelativeTraversal',
        source: { kind: 'FunctionCall', name: 'f', args: [ref('x')], expandFinal: false },
        traversal: [attr('y')],
      },
    ],
    ['f()', { kind: 'FunctionCall', name: 'f', args: [], expandFinal: false }],
    ['f(a, b...)', { kind: 'FunctionCall', name: 'f', args: [ref('a'), ref('b')], expandFinal: true }],
    ['f(\n a,\n b,\n)', { kind: 'FunctionCall', name: 'f', args: [ref('a'), ref('b')], expandFinal: false }],
    ['a ? b : c', { kind: 'Conditional', condition: ref('a'), trueResult: ref('b'), falseResult: ref('c') }],
    ['!a', { kind: 'UnaryOp', op: '!', operand: ref('a') }],
    ['-a.b', { kind: 'UnaryOp', op: '-', operand: ref('a', 'b') }],
    ['(a)', { kind: 'Parentheses', expr: ref('a') }],
    ['[1, 2,]', { kind: 'TupleCons', exprs: [num('1'), num('2')] }],
    ['[]', { kind: 'TupleCons', exprs: [] }],
    ['{}', { kind: 'ObjectCons', items: [] }],
    [
      '{\n a = 1\n "b": 2, (c) = 3 }',
      {
        kind: 'ObjectCons',
        items: [
          { key: { kind: 'ObjectConsKey', wrapped: ref('a'), forceNonLiteral: false }, value: num('1') },
          {
            key: {
              kind: 'ObjectConsKey',
              wrapped: { kind: 'Template', parts: [str('b')], heredoc: false },
              forceNonLiteral: false,
            },
            value: num('2'),
          },
          {
            key: {
              kind: 'ObjectConsKey',
              wrapped: { kind: 'Parentheses', expr: ref('c') },
              forceNonLiteral: true,
            },
            value: num('3'),
          },
        ],
      },
    ],
    [
      '[for x in y : x if x]',
      {
        kind: 'For',
        valueVar: 'x',
        collection: ref('y'),
        valueExpr: ref('x'),
        condition: ref('x'),
        group: false,
      },
    ],
    [
      '{for k, v in y : k => v...}',
      {
        kind: 'For',
        keyVar: 'k',
        valueVar: 'v',
        collection: ref('y'),
        keyExpr: ref('k'),
        valueExpr: ref('v'),
        group: true,
      },
    ],
    [
      'a[*].b',
      {
        kind: 'Splat',
        source: ref('a'),
        legacy: false,
        item: { kind: 'AnonSymbol' },
        each: { kind: 'RelativeTraversal', source: { kind: 'AnonSymbol' }, traversal: [attr('b')] },
      },
    ],
    [
      'a.*.b',
      {
        kind: 'Splat',
        source: ref('a'),
        legacy: true,
        item: { kind: 'AnonSymbol' },
        each: { kind: 'RelativeTraversal', source: { kind: 'AnonSymbol' }, traversal: [attr('b')] },
      },
    ],
    [
      'a[*]',
      {
        kind: 'Splat',
        source: ref('a'),
        legacy: false,
        item: { kind: 'AnonSymbol' },
        each: { kind: 'AnonSymbol' },
      },
    ],
  ])('%j', (src, want) => {
    expect(shape(expr(src))).toEqual(want);
  });

  it('applies precedence and left associativity', () => {
    const b = (op: string, lhs: unknown, rhs: unknown) => ({ kind: 'BinaryOp', op, lhs, rhs });
    expect(shape(expr('a || b && c == d'))).toEqual(
      b('||', ref('a'), b('&&', ref('b'), b('==', ref('c'), ref('d')))),
    );
    expect(shape(expr('a < b + c * d'))).toEqual(
      b('<', ref('a'), b('+', ref('b'), b('*', ref('c'), ref('d')))),
    );
    expect(shape(expr('a - b - c'))).toEqual(b('-', b('-', ref('a'), ref('b')), ref('c')));
    expect(shape(expr('a % b / c'))).toEqual(b('/', b('%', ref('a'), ref('b')), ref('c')));
    expect(shape(expr('-a * b'))).toEqual(b('*', { kind: 'UnaryOp', op: '-', operand: ref('a') }, ref('b')));
    expect(shape(expr('a ? b : c ? d : e'))).toEqual({
      kind: 'Conditional',
      condition: ref('a'),
      trueResult: ref('b'),
      falseResult: { kind: 'Conditional', condition: ref('c'), trueResult: ref('d'), falseResult: ref('e') },
    });
  });

  it('gives exact ranges to operators, calls and traversal steps', () => {
    const e = expr('f(a.b, 2) + x[0]');
    if (e.kind !== 'BinaryOp' || e.lhs.kind !== 'FunctionCall' || e.rhs.kind !== 'ScopeTraversal')
      throw new Error('shape');
    expect(e.range).toEqual(rng([1, 1, 0], [1, 17, 16]));
    expect(e.opRange).toEqual(rng([1, 11, 10], [1, 12, 11]));
    expect(e.lhs.nameRange).toEqual(rng([1, 1, 0], [1, 2, 1]));
    expect(e.lhs.openParenRange).toEqual(rng([1, 2, 1], [1, 3, 2]));
    expect(e.lhs.closeParenRange).toEqual(rng([1, 9, 8], [1, 10, 9]));
    expect(e.lhs.args[0].range).toEqual(rng([1, 3, 2], [1, 6, 5]));
    expect(e.rhs.traversal[1].range).toEqual(rng([1, 14, 13], [1, 17, 16]));
  });

  it('honours a start position', () => {
    const r = parseExpression('a', 'v.hcl', { line: 3, column: 7, byte: 40 });
    expect(r.expr.range).toEqual(rng([3, 7, 40], [3, 8, 41], 'v.hcl'));
  });
});

describe('templates and heredocs', () => {
  it('wraps a single interpolation', () => {
    const e = expr('"${x}"');
    expect(shape(e)).toEqual({ kind: 'TemplateWrap', wrapped: ref('x') });
    expect(e.range).toEqual(rng([1, 1, 0], [1, 7, 6]));
  });

  it('processes escapes and template escapes in quoted strings', () => {
    expect(shape(expr('"a\\n\\t\\"\\\\\\u00e9\\U0001F600 $${x} %%{y} $$"'))).toEqual({
      kind: 'Template',
      heredoc: false,
      parts: [str('a\n\t"\\é😀 ${x} %{y} $$')],
    });
  });

  it('pairs template escapes greedily from the left, as Packer does', () => {
    // packer console: upper("a$$${x}b$${y}%%{z}$$") is A$${X}B${Y}%{Z}$$
    expect(shape(expr('"a$$${x}b$${y}%%{z}$$"'))).toEqual({
      kind: 'Template',
      heredoc: false,
      parts: [str('a$${x}b${y}%{z}$$')],
    });
  });

  it('applies strip markers to adjacent literals', () => {
    expect(shape(expr('"a  ${~ x ~}  b"'))).toEqual({
      kind: 'Template',
      heredoc: false,
      parts: [str('a'), ref('x'), str('b')],
    });
    expect(shape(expr('"a %{~ if c ~} b %{~ endif ~} c"'))).toEqual({
      kind: 'Template',
      heredoc: false,
      parts: [
        str('a'),
        {
          kind: 'TemplateIf',
          condition: ref('c'),
          trueTemplate: { kind: 'Template', heredoc: false, parts: [str('b')] },
        },
        str('c'),
      ],
    });
  });

  it('parses if/else and for directives', () => {
    expect(shape(expr('"%{if a}x%{else}y%{endif}%{for k, v in m}${v}%{endfor}"'))).toEqual({
      kind: 'Template',
      heredoc: false,
      parts: [
        {
          kind: 'TemplateIf',
          condition: ref('a'),
          trueTemplate: { kind: 'Template', heredoc: false, parts: [str('x')] },
          falseTemplate: { kind: 'Template', heredoc: false, parts: [str('y')] },
        },
        {
          kind: 'TemplateFor',
          keyVar: 'k',
          valueVar: 'v',
          collection: ref('m'),
          body: { kind: 'Template', heredoc: false, parts: [ref('v')] },
        },
      ],
    });
  });

  it('keeps heredoc text verbatim (no backslash escapes)', () => {
    const r = parseConfig('x = <<EOT\n  a\\n ${b}\nEOT\n', 't.hcl');
    expect(r.diagnostics).toEqual([]);
    const e = r.body.attributes[0].expr;
    expect(shape(e)).toEqual({
      kind: 'Template',
      heredoc: true,
      parts: [str('  a\\n '), ref('b'), str('\n')],
    });
    expect(e.range).toEqual(rng([1, 5, 4], [3, 4, 24]));
  });

  it('removes common indentation from <<- heredocs, ignoring blank lines', () => {
    const r = parseConfig('x = <<-EOT\n    a\n\n      b\n    EOT\n', 't.hcl');
    expect(r.diagnostics).toEqual([]);
    const e = r.body.attributes[0].expr;
    expect(shape(e)).toEqual({ kind: 'Template', heredoc: true, parts: [str('a\n\n  b\n')] });
    if (e.kind !== 'Template') throw new Error('shape');
    expect(e.parts[0].range.start).toEqual({ line: 2, column: 5, byte: 15 });
  });

  it('parses bare templates', () => {
    const r = parseTemplate('a ${b}\n%{ if c }d%{ endif }', 't.hcl');
    expect(r.diagnostics).toEqual([]);
    expect(shape(r.expr)).toEqual({
      kind: 'Template',
      heredoc: false,
      parts: [
        str('a '),
        ref('b'),
        str('\n'),
        {
          kind: 'TemplateIf',
          condition: ref('c'),
          trueTemplate: { kind: 'Template', heredoc: false, parts: [str('d')] },
        },
      ],
    });
    expect(shape(parseTemplate('${x}', 't.hcl').expr)).toEqual({ kind: 'TemplateWrap', wrapped: ref('x') });
    expect(shape(parseTemplate('', 't.hcl').expr)).toEqual({
      kind: 'Template',
      heredoc: false,
      parts: [str('')],
    });
  });
});

describe('parseTraversalAbs', () => {
  it('parses attributes and literal indexes with ranges', () => {
    const r = parseTraversalAbs('var.a[0]["b"]', 't.hcl');
    expect(r.diagnostics).toEqual([]);
    expect(shape(r.traversal)).toEqual([
      root('var'),
      attr('a'),
      { kind: 'index', key: { type: 'number', value: '0' } },
      { kind: 'index', key: { type: 'string', value: 'b' } },
    ]);
    expect(r.traversal[3].range).toEqual(rng([1, 9, 8], [1, 14, 13]));
  });

  it.each([
    ['1', 'Variable name required'],
    ['a.*', 'Attribute name required'],
    ['a[x]', 'Index value required'],
    ['a[0', 'Unclosed index brackets'],
    ['a + b', 'Invalid character'],
  ])('reports %j', (src, summary) => {
    expect(summaries(parseTraversalAbs(src, 't.hcl').diagnostics)).toEqual([summary]);
  });
});

describe('diagnostics', () => {
  function diagsOf(src: string): Diagnostic[] {
    return parseConfig(src, 't.hcl').diagnostics;
  }

  it.each<[string, string, Range]>([
    ['a = 1 2\n', 'Missing newline after argument', rng([1, 7, 6], [1, 8, 7])],
    ['a = 1, b = 2\n', 'Unexpected comma after argument', rng([1, 6, 5], [1, 7, 6])],
    ['a = \n', 'Invalid expression', rng([1, 5, 4], [2, 1, 5])],
    ['a = )\n', 'Invalid expression', rng([1, 5, 4], [1, 6, 5])],
    ['"a" = 1\n', 'Invalid argument name', rng([1, 1, 0], [1, 2, 1])],
    ['a\n', 'Argument or block definition required', rng([1, 1, 0], [1, 2, 1])],
    ['= 1\n', 'Argument or block definition required', rng([1, 1, 0], [1, 2, 1])],
    ['b {\n', 'Unclosed configuration block', rng([1, 3, 2], [1, 4, 3])],
    ['b "x" = {}\n', 'Invalid block definition', rng([1, 7, 6], [1, 8, 7])],
    ['b "x"\n{}\n', 'Invalid block definition', rng([1, 6, 5], [2, 1, 6])],
    ['b { x = 1, y = 2 }\n', 'Invalid single-argument block definition', rng([1, 10, 9], [1, 11, 10])],
    ['b { c {} }\n', 'Argument definition required', rng([1, 5, 4], [1, 8, 7])],
    ['b {} c\n', 'Missing newline after block definition', rng([1, 6, 5], [1, 7, 6])],
    ['a = "x\n', 'Invalid multi-line string', rng([1, 7, 6], [2, 1, 7])],
    ['a = 1 & 2\n', 'Unsupported operator', rng([1, 7, 6], [1, 8, 7])],
    ["a = 'x'\n", 'Invalid character', rng([1, 5, 4], [1, 6, 5])],
    ['a = { b c }\n', 'Missing key/value separator', rng([1, 9, 8], [1, 10, 9])],
    ['a = { b = 1 c = 2 }\n', 'Missing attribute separator', rng([1, 13, 12], [1, 14, 13])],
    ['a = [1 2]\n', 'Missing item separator', rng([1, 8, 7], [1, 9, 8])],
    ['a = f(1 2)\n', 'Missing argument separator', rng([1, 9, 8], [1, 10, 9])],
    ['a = (1 2)\n', 'Unbalanced parentheses', rng([1, 8, 7], [1, 9, 8])],
    ['a = x ? y\n', 'Missing false expression in conditional', rng([1, 10, 9], [2, 1, 10])],
    ['a = x.\n', 'Invalid attribute name', rng([1, 7, 6], [2, 1, 7])],
    ['a = x.1.2\n', 'Invalid legacy index syntax', rng([1, 7, 6], [1, 10, 9])],
    ['a = x[*\n', 'Missing close bracket on splat index', rng([1, 8, 7], [2, 1, 8])],
    ['a = [for x y]\n', "Invalid 'for' expression", rng([1, 12, 11], [1, 13, 12])],
    ['a = [for k, v in y : k => v]\n', "Invalid 'for' expression", rng([1, 22, 21], [1, 23, 22])],
    ['a = "${b c}"\n', 'Extra characters after interpolation expression', rng([1, 10, 9], [1, 11, 10])],
    ['a = "%{ iff x }"\n', 'Invalid template control keyword', rng([1, 9, 8], [1, 12, 11])],
    ['a = "%{ if x }"\n', 'Unexpected end of template', rng([1, 15, 14], [1, 16, 15])],
    ['a = "%{ endif }"\n', 'Unexpected endif directive', rng([1, 6, 5], [1, 16, 15])],
    ['a = "\\q"\n', 'Invalid escape sequence', rng([1, 6, 5], [1, 8, 7])],
    ['a = <<EOT\nx\n', 'Unterminated template string', rng([3, 1, 12], [3, 1, 12])],
    ['b "${x}" {}\n', 'Invalid string literal', rng([1, 4, 3], [1, 6, 5])],
  ])('%j reports %s', (src, summary, subject) => {
    const diags = diagsOf(src);
    expect(diags.length).toBeGreaterThan(0);
    expect(diags[0].summary).toBe(summary);
    expect(diags[0].subject).toEqual(subject);
    expect(diags.every((d) => d.severity === 'error' && d.detail.length > 0)).toBe(true);
  });

  it('reports duplicate attributes with the first definition location, keeping the first', () => {
    const r = parseConfig('a = 1\nb {\n  x = 1\n  x = 2\n}\n', 't.hcl');
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.summary).toBe('Attribute redefined');
    expect(d.detail).toBe(
      'The argument "x" was already set at t.hcl:3,3-4. Each argument may be set only once.',
    );
    expect(d.subject).toEqual(rng([4, 3, 20], [4, 4, 21]));
    const x = r.body.blocks[0].body.attributes;
    expect(x).toHaveLength(1);
    expect(shape(x[0].expr)).toEqual(num('1'));
  });

  it('reports every broken item in a file and keeps the good ones', () => {
    const r = parseConfig('a = [1 2]\nb = 2\nc = {x y}\nd {\n  e = )\n}\nf = 3\n', 't.hcl');
    expect(summaries(r.diagnostics)).toEqual([
      'Missing item separator',
      'Missing key/value separator',
      'Invalid expression',
    ]);
    expect(r.body.attributes.map((a) => a.name)).toEqual(['a', 'b', 'c', 'f']);
    expect(r.body.blocks.map((b) => b.type)).toEqual(['d']);
  });

  // As Packer: `packer validate` reports these two errors, both starting at the carriage return.
  it('rejects a lone carriage return inside a heredoc', () => {
    const r = parseConfig('a = <<EOT\nfoo\rbar\nEOT\n', 't.hcl');
    expect(summaries(r.diagnostics)).toEqual(['Invalid character', 'Unterminated template string']);
    expect(r.diagnostics[0].detail).toBe('This character is not used within the language.');
    expect(r.diagnostics[0].subject).toEqual(rng([2, 4, 13], [4, 1, 22]));
  });

  it('rejects a lone carriage return inside a quoted string', () => {
    const r = parseConfig('a = "foo\rbar"\n', 't.hcl');
    expect(summaries(r.diagnostics)).toEqual(['Invalid multi-line string', 'Unterminated template string']);
    expect(r.diagnostics[0].subject).toEqual(rng([1, 9, 8], [1, 10, 9]));
  });

  it('keeps the text after a lone carriage return in a bare template literal, as hclsyntax does', () => {
    const r = parseTemplate('x\ry${upper("q")}', 't.hcl');
    expect(r.diagnostics).toEqual([]);
    expect(r.expr.kind === 'Template' && r.expr.parts.map(shape)).toEqual([str('x\ry${upper("q")}')]);
  });

  it('puts InvalidExpr placeholders where expressions are missing', () => {
    const r = parseConfig('a = \n', 't.hcl');
    expect(r.body.attributes[0].expr.kind).toBe('Invalid');
  });

  it('reports extra characters after a standalone expression', () => {
    const r = parseExpression('a b', 't.hcl');
    expect(summaries(r.diagnostics)).toEqual(['Extra characters after expression']);
    expect(r.diagnostics[0].subject).toEqual(rng([1, 3, 2], [1, 4, 3]));
  });
});

describe('scaling', () => {
  it('parses in time linear in the input size', () => {
    const chunk =
      'source "amazon-ebs" "x" {\n  ami_name = "packer-${local.ts}-${var.x}"\n  tags = { a = 1, "b" = [for x in y : x] }\n  n = a.b[0] + f(1, 2) * 3\n}\n';
    const r = parseConfig(chunk.repeat(2000), 'big');
    expect(r.diagnostics).toEqual([]);
    expect(r.body.blocks.length).toBe(2000);
    // One run on 8x the input vs 8 runs: about 1 when linear, 8 when quadratic.
    expect(growthRatio(chunk, 500, (src) => parseConfig(src, 'big'))).toBeLessThan(GROWTH_BOUND);
  });
});
