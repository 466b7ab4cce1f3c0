/**
 * hashicorp/go-version (v1.9.0, what Packer links): the lenient version syntax Packer accepts for
 * `required_version`, `required_plugins` and plugin releases, its ordering, and its constraint
 * language (`>= 1.2, < 2.0`, `~> 1.4`). The quirks are kept on purpose, because a constraint that
 * Packer accepts or rejects must be decided the same way here:
 *
 * - a version is `v?N(.N)*` with an optional prerelease (`-beta.1`, or `rc1` right after the
 *   numbers) and `+metadata`; fewer than three numbers are padded with zeros;
 * - versions whose numbers differ only by trailing zeros compare equal (`1.2` = `1.2.0.0`), even
 *   when their prereleases differ;
 * - prerelease parts compare numerically when both parse as int64 (so `01` sorts below `1`), else
 *   as byte strings, and a numeric part sorts below a textual one;
 * - a version with a prerelease satisfies a constraint only when the constraint names a prerelease
 *   of the same numbers (`>= 2.1.0-a` admits `2.1.0-beta`, not `2.1.1-beta`).
 */

export interface GoVersion {
  /** The numbers, padded with zeros to at least three; int64 in Go, so kept exact as bigint. */
  readonly segments: readonly bigint[];
  /** How many numbers the text gave (before padding); `~>` pins all but the last of them. */
  readonly givenSegments: number;
  readonly prerelease: string;
  readonly metadata: string;
  /** The text as written, `v` prefix and all. */
  readonly original: string;
}

export type ConstraintOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~>';

export interface VersionConstraint {
  readonly operator: ConstraintOperator;
  readonly version: GoVersion;
  /** This constraint's text as written between commas, spaces included. */
  readonly original: string;
}

export type VersionConstraints = readonly VersionConstraint[];

export type VersionResult = { ok: true; version: GoVersion } | { ok: false; message: string };
export type ConstraintsResult =
  { ok: true; constraints: VersionConstraints } | { ok: false; message: string };

/*
 * go-version's VersionRegexpRaw. Go's RE2 picks submatches with the same leftmost-first preference
 * as a JavaScript backtracking engine, so the groups below capture what go-version's do:
 * 1 numbers, 4 a prerelease after "-" starting with a digit, 7 any other prerelease, 10 metadata.
 */
const VERSION_PATTERN =
  'v?([0-9]+(\\.[0-9]+)*?)' +
  '(-([0-9]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)|(-?([A-Za-z\\-~]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)))?' +
  '(\\+([0-9A-Za-z\\-~]+(\\.[0-9A-Za-z\\-~]+)*))?' +
  '?';
const VERSION_RE = new RegExp(`^${VERSION_PATTERN}$`);

// RE2's \s is only these five characters, narrower than JavaScript's.
const SPACE = '[\\t\\n\\f\\r ]*';
const CONSTRAINT_RE = new RegExp(`^${SPACE}(<=|>=|!=|~>|<|>|=|)${SPACE}(${VERSION_PATTERN})${SPACE}$`);

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, within int64. */
function parseInt64(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const n = BigInt(s);
  return n > INT64_MAX || n < INT64_MIN ? null : n;
}

/** version.NewVersion. */
export function parseVersion(s: string): VersionResult {
  const m = VERSION_RE.exec(s);
  if (m === null) return { ok: false, message: `malformed version: ${s}` };
  const given = m[1].split('.');
  const segments: bigint[] = [];
  for (const text of given) {
    const n = parseInt64(text);
    if (n === null) {
      // Only overflow gets here: the pattern admits nothing but digits.
      return {
        ok: false,
        message: `error parsing version: strconv.ParseInt: parsing "${text}": value out of range`,
      };
    }
    segments.push(n);
  }
  while (segments.length < 3) segments.push(0n);
  return {
    ok: true,
    version: {
      segments,
      givenSegments: given.length,
      prerelease: m[7] || m[4] || '',
      metadata: m[10] ?? '',
      original: s,
    },
  };
}

/** Version.String(): the padded numbers, then `-prerelease` and `+metadata` when present. */
export function formatVersion(v: GoVersion): string {
  let out = v.segments.join('.');
  if (v.prerelease !== '') out += `-${v.prerelease}`;
  if (v.metadata !== '') out += `+${v.metadata}`;
  return out;
}

function sameSegments(a: GoVersion, b: GoVersion): boolean {
  return a.segments.length === b.segments.length && a.segments.every((n, i) => n === b.segments[i]);
}

function comparePrereleasePart(self: string, other: string): -1 | 0 | 1 {
  if (self === other) return 0;
  const selfInt = parseInt64(self);
  const otherInt = parseInt64(other);
  // A missing part sorts below a textual one and above a numeric one.
  if (self === '') return otherInt !== null ? -1 : 1;
  if (other === '') return selfInt !== null ? 1 : -1;
  if (selfInt !== null && otherInt === null) return -1;
  if (selfInt === null && otherInt !== null) return 1;
  if (selfInt === null && otherInt === null) return self > other ? 1 : -1;
  // Distinct texts with equal numbers ("01" and "1") fall through to -1 in go-version too.
  return (selfInt as bigint) > (otherInt as bigint) ? 1 : -1;
}

function comparePrereleases(self: string, other: string): -1 | 0 | 1 {
  if (self === other) return 0;
  const selfParts = self.split('.');
  const otherParts = other.split('.');
  const longest = Math.max(selfParts.length, otherParts.length);
  for (let i = 0; i < longest; i++) {
    const c = comparePrereleasePart(selfParts[i] ?? '', otherParts[i] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

const allZero = (segments: readonly bigint[]): boolean => segments.every((n) => n === 0n);

/** Version.Compare: -1, 0 or 1. Metadata never matters. */
export function compareVersions(a: GoVersion, b: GoVersion): -1 | 0 | 1 {
  if (formatVersion(a) === formatVersion(b)) return 0;
  if (sameSegments(a, b)) {
    if (a.prerelease === '' && b.prerelease === '') return 0;
    if (a.prerelease === '') return 1;
    if (b.prerelease === '') return -1;
    return comparePrereleases(a.prerelease, b.prerelease);
  }
  const longest = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < longest; i++) {
    // When one side runs out of numbers, the other is greater unless the rest are all zeros.
    if (i >= a.segments.length) return allZero(b.segments.slice(i)) ? 0 : -1;
    if (i >= b.segments.length) return allZero(a.segments.slice(i)) ? 0 : 1;
    if (a.segments[i] < b.segments[i]) return -1;
    if (a.segments[i] > b.segments[i]) return 1;
  }
  return 0;
}

/** version.NewConstraint: comma-separated `<op> <version>`; a missing operator means `=`. */
export function parseConstraints(s: string): ConstraintsResult {
  const constraints: VersionConstraint[] = [];
  for (const single of s.split(',')) {
    const m = CONSTRAINT_RE.exec(single);
    if (m === null) return { ok: false, message: `malformed constraint: ${single}` };
    const parsed = parseVersion(m[2]);
    if (!parsed.ok) return parsed;
    const operator = (m[1] === '' ? '=' : m[1]) as ConstraintOperator;
    constraints.push({ operator, version: parsed.version, original: single });
  }
  return { ok: true, constraints };
}

/** Constraints.String(): the constraints as written, joined by commas. */
export function formatConstraints(constraints: VersionConstraints): string {
  return constraints.map((c) => c.original).join(',');
}

/** Whether a prerelease version may be compared against the constraint at all. */
function prereleaseAdmitted(v: GoVersion, c: GoVersion): boolean {
  const vPre = v.prerelease !== '';
  const cPre = c.prerelease !== '';
  if (vPre && cPre) return sameSegments(v, c);
  return !vPre;
}

function pessimistic(v: GoVersion, c: GoVersion): boolean {
  // A constraint naming a prerelease admits only prereleases.
  if (!prereleaseAdmitted(v, c) || (c.prerelease !== '' && v.prerelease === '')) return false;
  if (compareVersions(v, c) < 0) return false;
  const padded = c.segments.length;
  if (padded > v.segments.length) return false;
  // All numbers the constraint gave but the last are pinned; the last one is a floor.
  for (let i = 0; i < c.givenSegments - 1; i++) {
    if (v.segments[i] !== c.segments[i]) return false;
  }
  return c.segments[padded - 1] <= v.segments[padded - 1];
}

function constraintHolds(constraint: VersionConstraint, v: GoVersion): boolean {
  const c = constraint.version;
  switch (constraint.operator) {
    case '=':
      return compareVersions(v, c) === 0;
    case '!=':
      return compareVersions(v, c) !== 0;
    case '>':
      return prereleaseAdmitted(v, c) && compareVersions(v, c) === 1;
    case '<':
      return prereleaseAdmitted(v, c) && compareVersions(v, c) === -1;
    case '>=':
      return prereleaseAdmitted(v, c) && compareVersions(v, c) >= 0;
    case '<=':
      return prereleaseAdmitted(v, c) && compareVersions(v, c) <= 0;
    case '~>':
      return pessimistic(v, c);
  }
}

/** Constraints.Check: true when the version satisfies every constraint. */
export function constraintsCheck(constraints: VersionConstraints, version: GoVersion): boolean {
  return constraints.every((c) => constraintHolds(c, version));
}
