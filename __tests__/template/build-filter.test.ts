import { compileBuildGlob } from '../../src/template/build-filter';

function matches(pattern: string, name: string): boolean {
  const r = compileBuildGlob(pattern);
  if (!r.ok) throw new Error(r.message);
  return r.glob.match(name);
}

describe('compileBuildGlob (gobwas/glob without separators)', () => {
  test.each([
    ['x.null.a', 'x.null.a', true],
    ['x.null.a', 'x.null.ab', false],
    ['*.a', 'x.null.a', true],
    ['null.*', 'null.a', true],
    ['null.*', 'x.null.a', false],
    ['**', 'anything.at.all', true],
    ['x.null.?', 'x.null.a', true],
    ['x.null.?', 'x.null.ab', false],
    ['x.null.[ab]', 'x.null.b', true],
    ['x.null.[!ab]', 'x.null.b', false],
    ['x.null.[!ab]', 'x.null.c', true],
    ['x.null.[a-c]', 'x.null.c', true],
    ['x.null.[a-c]', 'x.null.d', false],
    ['x.null.[!a-c]', 'x.null.d', true],
    ['{x,y}.null.a', 'y.null.a', true],
    ['{x,y}.null.a', 'z.null.a', false],
    ['{x,{y,z}}.n', 'z.n', true],
    ['{a,}b', 'b', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    // gobwas quirks kept: an unclosed `{` ends with the pattern; stray `}` and `]` are text; a
    // trailing `\` is dropped.
    ['{a', 'a', true],
    ['a}b', 'a}b', true],
    ['a]', 'a]', true],
    ['a\\', 'a', true],
    // `-` only makes a range straight after the first character: this is the list "ab-c".
    ['[ab-c]', '-', true],
    ['[ab-c]', 'b', true],
    ['', '', true],
    // Hyphens in names (amazon-ebs.web) are text, literal or around wildcards.
    ['amazon-ebs.web', 'amazon-ebs.web', true],
    ['amazon-ebs.web', 'amazon-ebsxweb', false],
    ['amazon-ebs.*', 'amazon-ebs.b', true],
    ['*-ebs.{a,b-c}', 'amazon-ebs.b-c', true],
    ['', 'a', false],
    ['a.b', 'aXb', false],
  ])('%s ~ %s → %s', (pattern, name, want) => {
    expect(matches(pattern, name)).toBe(want);
  });

  test.each([
    ['[', 'unexpected end of input'],
    ['[a-', 'unexpected end of input'],
    ['[a-z', 'unexpected end of input'],
    ['[!', 'unexpected end of input'],
    ['[\\]', 'unexpected end of input'],
    ['{a[}', 'unexpected end of input'],
    ['[]', 'could not parse range'],
    ['[!]', 'could not parse range'],
    ['[a--]', "hi character '-' should be greater than lo 'a'"],
    ['[z-a]', "hi character 'a' should be greater than lo 'z'"],
    ['[a-zb]', 'expected close range character'],
  ])('%s is refused: %s', (pattern, message) => {
    expect(compileBuildGlob(pattern)).toEqual({ ok: false, message });
  });
});
