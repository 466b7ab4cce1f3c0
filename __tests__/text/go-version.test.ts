import fc from 'fast-check';
import {
  compareVersions,
  constraintsCheck,
  formatConstraints,
  formatVersion,
  GoVersion,
  parseConstraints,
  parseVersion,
  VersionConstraints,
} from '../../src/text/go-version';

function version(s: string): GoVersion {
  const r = parseVersion(s);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(s)} to parse: ${r.message}`);
  return r.version;
}

function constraints(s: string): VersionConstraints {
  const r = parseConstraints(s);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(s)} to parse: ${r.message}`);
  return r.constraints;
}

describe('parseVersion', () => {
  it.each([
    '1.2.3',
    '1.0',
    '1',
    'v1.2.3',
    '1.2-5',
    '1.2-beta.5',
    '1.2.0-x.Y.0+metadata',
    '1.2.0-x.Y.0+metadata-width-hyphen',
    '1.2.3-rc1-with-hyphen',
    '1.2.3.4',
    '1.2.0.4-x.Y.0+metadata',
    '1.2.3.4-rc1-with-hyphen',
    '1.2.0-X-1.2.0+metadata~dist',
    // Lenient: a prerelease may follow the numbers without a dash, and a lone dash is a prerelease.
    '1.7rc2',
    'v1.7rc2',
    '1.0-',
    '1.4.9223372036854775807',
  ])('accepts %j', (s) => {
    expect(parseVersion(s).ok).toBe(true);
  });

  it.each([
    ['', 'malformed version: '],
    ['foo', 'malformed version: foo'],
    ['1.2.beta', 'malformed version: 1.2.beta'],
    ['1.21.beta', 'malformed version: 1.21.beta'],
    ['\n1.2', 'malformed version: \n1.2'],
    ['1.2 ', 'malformed version: 1.2 '],
    ['foo1.2.3', 'malformed version: foo1.2.3'],
    ['controller-v0.40.2', 'malformed version: controller-v0.40.2'],
    ['V1.2', 'malformed version: V1.2'],
    [
      '1.4.9223372036854775808',
      'error parsing version: strconv.ParseInt: parsing "9223372036854775808": value out of range',
    ],
  ])('rejects %j', (s, message) => {
    expect(parseVersion(s)).toEqual({ ok: false, message });
  });

  it.each<[string, bigint[], string, string]>([
    ['1.2.3', [1n, 2n, 3n], '', ''],
    ['1.2-beta', [1n, 2n, 0n], 'beta', ''],
    ['1-x.Y.0', [1n, 0n, 0n], 'x.Y.0', ''],
    ['1.2.0-7.Y.0', [1n, 2n, 0n], '7.Y.0', ''],
    ['1.2.0-x.Y.0+metadata', [1n, 2n, 0n], 'x.Y.0', 'metadata'],
    ['1.2.0-metadata-1.2.0+metadata~dist', [1n, 2n, 0n], 'metadata-1.2.0', 'metadata~dist'],
    ['17.03.0-ce', [17n, 3n, 0n], 'ce', ''],
    ['3.4.5alpha1', [3n, 4n, 5n], 'alpha1', ''],
    ['1.0-', [1n, 0n, 0n], '-', ''],
    ['5.6.7.1.2.3', [5n, 6n, 7n, 1n, 2n, 3n], '', ''],
    ['1.4.9223372036854775807', [1n, 4n, 9223372036854775807n], '', ''],
  ])('splits %j into numbers, prerelease and metadata', (s, segments, prerelease, metadata) => {
    expect(version(s)).toEqual({
      segments,
      givenSegments: expect.any(Number),
      prerelease,
      metadata,
      original: s,
    });
  });

  it('remembers how many numbers were written, before padding', () => {
    expect(version('1').givenSegments).toBe(1);
    expect(version('v1.2-beta').givenSegments).toBe(2);
    expect(version('1.2.3.4').givenSegments).toBe(4);
  });

  it.each([
    ['1.2.3', '1.2.3'],
    ['1.2-beta', '1.2.0-beta'],
    ['1.2.0-x.Y.0+metadata', '1.2.0-x.Y.0+metadata'],
    ['17.03.0-ce', '17.3.0-ce'],
    ['v1', '1.0.0'],
    ['1.7rc2', '1.7.0-rc2'],
  ])('formats %j canonically as %j', (s, want) => {
    expect(formatVersion(version(s))).toBe(want);
  });
});

describe('compareVersions', () => {
  it.each<[string, string, -1 | 0 | 1]>([
    ['1.2.3', '1.4.5', -1],
    ['1.2-beta', '1.2-beta', 0],
    ['1.2', '1.1.4', 1],
    ['1.2', '1.2-beta', 1],
    ['1.2+foo', '1.2+beta', 0],
    ['v1.2', 'v1.2-beta', 1],
    ['v1.2.3.4', 'v1.2.3.4', 0],
    // Trailing zeros do not count; a non-zero extra number does.
    ['v1.2.0.0', 'v1.2', 0],
    ['v1.2', 'v1.2.0.0', 0],
    ['v1.2.0.0.1', 'v1.2', 1],
    ['v1.2', 'v1.2.0.0.1', -1],
    ['v1.2.0.0', 'v1.2.0.0.1', -1],
    ['v1.2.3.0', 'v1.2.3.4', -1],
    // ...and when the number lists differ in length, prereleases are not consulted at all.
    ['1.2.0.0-beta', '1.2', 0],
    ['1.7rc2', '1.7rc1', 1],
    ['1.7rc2', '1.7', -1],
    ['1.2.0', '1.2.0-X-1.2.0+metadata~dist', 1],
    ['1.0.2alpha', '1.0.2-alpha', 0],
    ['v1.0.3-', 'v1.0.3', -1],
    ['1.4.9223372036854775807', '1.4.9223372036854775806', 1],
  ])('%s vs %s → %d', (a, b, want) => {
    expect(compareVersions(version(a), version(b))).toBe(want);
    expect(compareVersions(version(b), version(a))).toBe(-want || 0);
  });

  it.each<[string, string, -1 | 0 | 1]>([
    ['1.2-beta.2', '1.2-beta.2', 0],
    ['1.2-beta.1', '1.2-beta.2', -1],
    ['1.2-beta.2', '1.2-beta.11', -1], // numerically, not as text
    ['3.2-alpha.1', '3.2-alpha', 1], // a missing part is below a number
    ['5.4-alpha', '5.4-alpha.beta', 1], // ...and above a word
    ['1.2-beta', '1.2-beta.3', -1],
    ['1.2-alpha', '1.2-beta.3', -1],
    ['1.2-beta', '1.2-alpha.3', 1],
    ['3.0-alpha.3', '3.0-rc.1', -1],
    ['3.0-alpha3', '3.0-rc1', -1],
    ['3.0-alpha.1', '3.0-alpha.beta', -1], // a number is below a word
    ['v3.2-rc.1-1-g123', 'v3.2-rc.2', 1], // "1-1-g123" is a word
    ['1.0-B', '1.0-a', -1], // byte order: upper case first
  ])('prerelease %s vs %s → %d', (a, b, want) => {
    expect(compareVersions(version(a), version(b))).toBe(want);
  });

  it('keeps go-version\'s quirk for numerically equal parts written differently ("01" vs "1")', () => {
    expect(compareVersions(version('1.0-01'), version('1.0-1'))).toBe(-1);
    expect(compareVersions(version('1.0-1'), version('1.0-01'))).toBe(-1);
  });

  it('orders plain x.y.z versions like their number tuples', () => {
    const triple = fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50));
    fc.assert(
      fc.property(triple, triple, (a, b) => {
        const want = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
        const got = compareVersions(version(a.join('.')), version(`v${b.join('.')}`));
        expect(got).toBe(Math.sign(want) || 0);
      }),
    );
  });
});

describe('parseConstraints', () => {
  it.each([
    ['>= 1.2', 1],
    ['1.0', 1],
    ['>= 1.2, < 1.0', 2],
    ['  ~>1.4.0  ,!=1.4.3,<=2', 3],
    ['=v1.2.3-beta+meta', 1],
  ])('parses %j into %d constraints', (s, count) => {
    expect(constraints(s)).toHaveLength(count);
  });

  it('reads operators, treating a missing one as "="', () => {
    expect(constraints('1.0, =1.1, != 1.2, >1.3, <1.4, >=1.5, <=1.6, ~>1.7').map((c) => c.operator)).toEqual([
      '=',
      '=',
      '!=',
      '>',
      '<',
      '>=',
      '<=',
      '~>',
    ]);
  });

  it.each([
    ['>= 1.x', 'malformed constraint: >= 1.x'],
    ['', 'malformed constraint: '],
    ['>= 1.0,', 'malformed constraint: '],
    ['=> 1.0', 'malformed constraint: => 1.0'],
    ['>= 1.0 || < 0.5', 'malformed constraint: >= 1.0 || < 0.5'],
    // Only RE2's \s (tab, newline, form feed, carriage return, space) may surround a constraint.
    ['\v1.0', 'malformed constraint: \v1.0'],
    [
      '11387778780781445675529500000000000000000',
      'error parsing version: strconv.ParseInt: parsing "11387778780781445675529500000000000000000": value out of range',
    ],
  ])('rejects %j', (s, message) => {
    expect(parseConstraints(s)).toEqual({ ok: false, message });
  });

  it('prints the constraints as they were written', () => {
    expect(formatConstraints(constraints('>= 1.0, < 1.2'))).toBe('>= 1.0, < 1.2');
    expect(formatConstraints(constraints('~> 1.0.7'))).toBe('~> 1.0.7');
  });
});

describe('constraintsCheck', () => {
  it.each<[string, string, boolean]>([
    ['>= 1.0, < 1.2', '1.1.5', true],
    ['< 1.0, < 1.2', '1.1.5', false],
    ['= 1.0', '1.1.5', false],
    ['= 1.0', '1.0.0', true],
    ['1.0', '1.0.0', true],
    ['!= 1.0', '1.0.0', false],
    ['!= 1.0', '1.0.1', true],
    // ~> pins every number written but the last, which is a floor.
    ['~> 1.0', '2.0', false],
    ['~> 1.0', '1.1', true],
    ['~> 1.0', '1.2.3', true],
    ['~> 1.0.0', '1.2.3', false],
    ['~> 1.0.0', '1.0.7', true],
    ['~> 1.0.0', '1.1.0', false],
    ['~> 1.0.7', '1.0.4', false],
    ['~> 1.0.7', '1.0.7', true],
    ['~> 1.0.7', '1.0.8', true],
    ['~> 1.0.7', '1.0.7.5', true],
    ['~> 1.0.7', '1.0.6.99', false],
    ['~> 1.0.7', '1.0.8.0', true],
    ['~> 1.0.9.5', '1.0.9.5', true],
    ['~> 1.0.9.5', '1.0.9.4', false],
    ['~> 1.0.9.5', '1.0.9.6', true],
    ['~> 1.0.9.5', '1.0.9.5.0', true],
    ['~> 1.0.9.5', '1.0.9.5.1', true],
    ['~> 1.0.9.5', '1.0.10', false],
    ['~> 1', '1.9', true],
    ['~> 1', '2.0', true], // one number written: nothing is pinned
    // Prereleases: only a constraint that names a prerelease of the same numbers admits one.
    ['~> 2.0', '2.1.0-beta', false],
    ['~> 2.1.0-a', '2.2.0', false],
    ['~> 2.1.0-a', '2.1.0', false],
    ['~> 2.1.0-a', '2.1.0-beta', true],
    ['~> 2.1.0-a', '2.2.0-alpha', false],
    ['> 2.0', '2.1.0-beta', false],
    ['>= 2.0.0', '2.1.0-beta', false],
    ['>= 2.1.0-a', '2.1.0-beta', true],
    ['>= 2.1.0-a', '2.1.1-beta', false],
    ['>= 2.1.0-a', '2.1.1', true],
    ['>= 2.1.0-a', '2.1.0', true],
    ['<= 2.1.0-a', '2.0.0', true],
    ['< 2.1.0', '2.1.0-beta', false],
    ['= 2.1.0-beta', '2.1.0-beta+build', true],
    ['>= 1.0, < 2.0', 'v1.9.9', true],
    ['>= 1.0, < 2.0', '2.0.0', false],
  ])('%j with %j → %s', (c, v, want) => {
    expect(constraintsCheck(constraints(c), version(v))).toBe(want);
  });

  it('an empty constraint list admits everything', () => {
    expect(constraintsCheck([], version('0.0.1-dev'))).toBe(true);
  });

  it('">= x" and "< x" split plain versions exactly', () => {
    const v = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map((t) => t.join('.'));
    fc.assert(
      fc.property(v, v, (bound, candidate) => {
        const at = version(candidate);
        const above = constraintsCheck(constraints(`>= ${bound}`), at);
        const below = constraintsCheck(constraints(`< ${bound}`), at);
        expect(above).not.toBe(below);
        expect(above).toBe(compareVersions(at, version(bound)) >= 0);
      }),
    );
  });
});
