import { scanTemplateTokens, scanTokens } from '../../../src/hcl/syntax/scanner';
import { GROWTH_BOUND, growthRatio } from '../../support/scaling';
import type { Token } from '../../../src/hcl/syntax/token';

type Row = [string, string];

/** Compact view of tokens: [type, text] pairs, without the trailing EOF. */
function table(tokens: readonly Token[]): Row[] {
  expect(tokens[tokens.length - 1].type).toBe('EOF');
  return tokens.slice(0, -1).map((t) => [t.type, t.text]);
}

function scan(src: string): Row[] {
  return table(scanTokens(src, 'test.hcl'));
}

/** Rebuilds the source from tokens plus the spaces implied by byte gaps. */
function rebuild(src: string, tokens: readonly Token[]): string {
  let out = '';
  let byte = 0;
  for (const t of tokens) {
    out += ' '.repeat(t.range.start.byte - byte) + t.text;
    byte = t.range.end.byte;
  }
  return out;
}

describe('scanTokens token tables', () => {
  const cases: [string, Row[]][] = [
    ['', []],
    [
      'a = 1\n',
      [
        ['Ident', 'a'],
        ['Equal', '='],
        ['NumberLit', '1'],
        ['Newline', '\n'],
      ],
    ],
    ['a-b_c9', [['Ident', 'a-b_c9']]],
    ['héllo', [['Ident', 'héllo']]],
    ['1.5e+10', [['NumberLit', '1.5e+10']]],
    [
      '1.',
      [
        ['NumberLit', '1'],
        ['Dot', '.'],
      ],
    ],
    ['1..2', [['NumberLit', '1..2']]],
    [
      '1e',
      [
        ['NumberLit', '1'],
        ['Ident', 'e'],
      ],
    ],
    [
      'a.0.b',
      [
        ['Ident', 'a'],
        ['Dot', '.'],
        ['NumberLit', '0'],
        ['Dot', '.'],
        ['Ident', 'b'],
      ],
    ],
    [
      '== != <= >= && || => ...',
      [
        ['EqualOp', '=='],
        ['NotEqual', '!='],
        ['LessThanEq', '<='],
        ['GreaterThanEq', '>='],
        ['And', '&&'],
        ['Or', '||'],
        ['FatArrow', '=>'],
        ['Ellipsis', '...'],
      ],
    ],
    [
      '[](){}.,*/%+-=<>!?:',
      [
        ['OBrack', '['],
        ['CBrack', ']'],
        ['OParen', '('],
        ['CParen', ')'],
        ['OBrace', '{'],
        ['CBrace', '}'],
        ['Dot', '.'],
        ['Comma', ','],
        ['Star', '*'],
        ['Slash', '/'],
        ['Percent', '%'],
        ['Plus', '+'],
        ['Minus', '-'],
        ['Equal', '='],
        ['LessThan', '<'],
        ['GreaterThan', '>'],
        ['Bang', '!'],
        ['Question', '?'],
        ['Colon', ':'],
      ],
    ],
    [
      '# c\r\nx',
      [
        ['Comment', '# c\r\n'],
        ['Ident', 'x'],
      ],
    ],
    [
      '// c\nx',
      [
        ['Comment', '// c\n'],
        ['Ident', 'x'],
      ],
    ],
    ['# at eof', [['Comment', '# at eof']]],
    [
      '/* a\n */x',
      [
        ['Comment', '/* a\n */'],
        ['Ident', 'x'],
      ],
    ],
    [
      '/* a */ /* b */',
      [
        ['Comment', '/* a */'],
        ['Comment', '/* b */'],
      ],
    ],
    [
      '/* open',
      [
        ['Slash', '/'],
        ['Star', '*'],
        ['Ident', 'open'],
      ],
    ],
    [
      'a\r\nb',
      [
        ['Ident', 'a'],
        ['Newline', '\r\n'],
        ['Ident', 'b'],
      ],
    ],
    [
      '\t\ta',
      [
        ['Tabs', '\t\t'],
        ['Ident', 'a'],
      ],
    ],
    [
      "& | ; ~ ` '",
      [
        ['Invalid', '&'],
        ['Invalid', '|'],
        ['Invalid', ';'],
        ['Invalid', '~'],
        ['Invalid', '`'],
        ['Invalid', "'"],
      ],
    ],
    [
      '\u201chi\u201d',
      [
        ['Invalid', '\u201c'],
        ['Ident', 'hi'],
        ['Invalid', '\u201d'],
      ],
    ],
    [
      'a \ud800 b',
      [
        ['Ident', 'a'],
        ['BadUTF8', '\ud800'],
        ['Ident', 'b'],
      ],
    ],
    [
      '"hello"',
      [
        ['OQuote', '"'],
        ['QuotedLit', 'hello'],
        ['CQuote', '"'],
      ],
    ],
    [
      '""',
      [
        ['OQuote', '"'],
        ['CQuote', '"'],
      ],
    ],
    [
      '"a\\"b\\\\"',
      [
        ['OQuote', '"'],
        ['QuotedLit', 'a\\"b\\\\'],
        ['CQuote', '"'],
      ],
    ],
    [
      '"a${b}c"',
      [
        ['OQuote', '"'],
        ['QuotedLit', 'a'],
        ['TemplateInterp', '${'],
        ['Ident', 'b'],
        ['TemplateSeqEnd', '}'],
        ['QuotedLit', 'c'],
        ['CQuote', '"'],
      ],
    ],
    [
      '"${~ b ~}"',
      [
        ['OQuote', '"'],
        ['TemplateInterp', '${~'],
        ['Ident', 'b'],
        ['TemplateSeqEnd', '~}'],
        ['CQuote', '"'],
      ],
    ],
    [
      '"%{if x}y%{endif}"',
      [
        ['OQuote', '"'],
        ['TemplateControl', '%{'],
        ['Ident', 'if'],
        ['Ident', 'x'],
        ['TemplateSeqEnd', '}'],
        ['QuotedLit', 'y'],
        ['TemplateControl', '%{'],
        ['Ident', 'endif'],
        ['TemplateSeqEnd', '}'],
        ['CQuote', '"'],
      ],
    ],
    [
      '"$${a} %%{b} $a %a"',
      [
        ['OQuote', '"'],
        ['QuotedLit', '$${a} %%{b} $a %a'],
        ['CQuote', '"'],
      ],
    ],
    [
      '"${ {a = "}"} }"',
      [
        ['OQuote', '"'],
        ['TemplateInterp', '${'],
        ['OBrace', '{'],
        ['Ident', 'a'],
        ['Equal', '='],
        ['OQuote', '"'],
        ['QuotedLit', '}'],
        ['CQuote', '"'],
        ['CBrace', '}'],
        ['TemplateSeqEnd', '}'],
        ['CQuote', '"'],
      ],
    ],
    [
      '"a\nb"',
      [
        ['OQuote', '"'],
        ['QuotedLit', 'a'],
        ['QuotedNewline', '\n'],
        ['QuotedLit', 'b'],
        ['CQuote', '"'],
      ],
    ],
    [
      '"unterminated',
      [
        ['OQuote', '"'],
        ['QuotedLit', 'unterminated'],
      ],
    ],
    [
      '<<EOT\nhello\n  ${x}\nEOT\n',
      [
        ['OHeredoc', '<<EOT\n'],
        ['StringLit', 'hello\n'],
        ['StringLit', '  '],
        ['TemplateInterp', '${'],
        ['Ident', 'x'],
        ['TemplateSeqEnd', '}'],
        ['StringLit', '\n'],
        ['CHeredoc', 'EOT'],
        ['Newline', '\n'],
      ],
    ],
    [
      '<<-EOT\r\n  a\r\n  EOT\r\n',
      [
        ['OHeredoc', '<<-EOT\r\n'],
        ['StringLit', '  a\r\n'],
        ['CHeredoc', '  EOT'],
        ['Newline', '\r\n'],
      ],
    ],
    [
      '<<EOT\nEOTX\nEOT',
      [
        ['OHeredoc', '<<EOT\n'],
        ['StringLit', 'EOTX\n'],
        ['StringLit', 'EOT'],
      ],
    ],
    [
      '<<EOT x',
      [
        ['LessThan', '<'],
        ['LessThan', '<'],
        ['Ident', 'EOT'],
        ['Ident', 'x'],
      ],
    ],
    [
      'a ~}',
      [
        ['Ident', 'a'],
        ['TemplateSeqEnd', '~}'],
      ],
    ],
  ];
  it.each(cases)('scans %j', (src, want) => {
    expect(scan(src)).toEqual(want);
  });

  it('scans bare templates line by line', () => {
    expect(table(scanTemplateTokens('a ${b}\nc "d"\n$', 't'))).toEqual([
      ['StringLit', 'a '],
      ['TemplateInterp', '${'],
      ['Ident', 'b'],
      ['TemplateSeqEnd', '}'],
      ['StringLit', '\n'],
      ['StringLit', 'c "d"\n'],
      ['StringLit', '$'],
    ]);
  });
});

describe('scanTokens positions', () => {
  // hclsyntax's scanner has no pattern for a carriage return without a line feed inside a heredoc or
  // bare template: it stops and returns the rest of the input as one token.
  it('turns the rest of a heredoc after a lone carriage return into one Invalid token', () => {
    expect(scan('a = <<EOT\nfoo\rbar\nEOT\n')).toEqual([
      ['Ident', 'a'],
      ['Equal', '='],
      ['OHeredoc', '<<EOT\n'],
      ['StringLit', 'foo'],
      ['Invalid', '\rbar\nEOT\n'],
    ]);
    expect(scan('<<EOT\n\rx\nEOT\n')).toEqual([
      ['OHeredoc', '<<EOT\n'],
      ['Invalid', '\rx\nEOT\n'],
    ]);
    // A CRLF line ending is still an ordinary line ending.
    expect(scan('<<EOT\nfoo\r\nEOT\n')).toEqual([
      ['OHeredoc', '<<EOT\n'],
      ['StringLit', 'foo\r\n'],
      ['CHeredoc', 'EOT'],
      ['Newline', '\n'],
    ]);
  });

  it('keeps the rest of a bare template after a lone carriage return as literal text', () => {
    expect(table(scanTemplateTokens('a${x}\rb${y}', 't'))).toEqual([
      ['StringLit', 'a'],
      ['TemplateInterp', '${'],
      ['Ident', 'x'],
      ['TemplateSeqEnd', '}'],
      ['StringLit', '\rb${y}'],
    ]);
  });

  it('scans a lone carriage return in a quoted string as a quoted newline', () => {
    expect(scan('"a\rb"')).toEqual([
      ['OQuote', '"'],
      ['QuotedLit', 'a'],
      ['QuotedNewline', '\r'],
      ['QuotedLit', 'b'],
      ['CQuote', '"'],
    ]);
  });

  it('tracks UTF-8 bytes, code-point columns and lines', () => {
    const toks = scanTokens('é = "😀x"\n  b', 'f.hcl');
    const r = toks.map((t) => [
      t.type,
      t.range.start.line,
      t.range.start.column,
      t.range.start.byte,
      t.range.end.byte,
    ]);
    expect(r).toEqual([
      ['Ident', 1, 1, 0, 2],
      ['Equal', 1, 3, 3, 4],
      ['OQuote', 1, 5, 5, 6],
      ['QuotedLit', 1, 6, 6, 11],
      ['CQuote', 1, 8, 11, 12],
      ['Newline', 1, 9, 12, 13],
      ['Ident', 2, 3, 15, 16],
      ['EOF', 2, 4, 16, 16],
    ]);
    expect(toks[0].range.filename).toBe('f.hcl');
  });

  it('honours a start position and skips a BOM', () => {
    const toks = scanTokens('\ufeffa', 'f', { line: 3, column: 5, byte: 10 });
    expect(toks[0].range.start).toEqual({ line: 3, column: 5, byte: 13 });
  });

  it('lets the source be rebuilt exactly from tokens and spaces', () => {
    const src =
      'source "x" "y" {\n  a = [1, 2]   # c\n\tb = <<-EOT\n    ${x} %{ if y }z%{ endif }\n  EOT\n}\n';
    expect(rebuild(src, scanTokens(src, 'f'))).toBe(src);
  });

  it('scans in time linear in the input size', () => {
    const chunk =
      'source "amazon-ebs" "x" {\n  ami_name = "packer-${local.ts}-${var.x}"\n  tags = { a = 1, "b" = [for x in y : x] }\n}\n';
    expect(scanTokens(chunk.repeat(1000), 'big').length).toBeGreaterThan(10_000);
    // One run on 8x the input vs 8 runs: about 1 when linear, 8 when quadratic.
    expect(growthRatio(chunk, 700, (src) => scanTokens(src, 'big'))).toBeLessThan(GROWTH_BOUND);
  });
});
