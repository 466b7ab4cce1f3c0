import * as fs from 'fs';
import * as path from 'path';

/** The files under __tests__/fixtures/, found from any test's folder. */

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

/** A path below __tests__/fixtures/. */
export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

/** fixtures/fmt/ holds `<name>.in.pkr.hcl` and the real `packer fmt` output `<name>.out.pkr.hcl`. */
export const FMT_FIXTURES = fixturePath('fmt');

/** The names of the fmt golden pairs, sorted. */
export function fmtFixtureNames(): string[] {
  return fs
    .readdirSync(FMT_FIXTURES)
    .filter((f) => f.endsWith('.in.pkr.hcl'))
    .map((f) => f.slice(0, -'.in.pkr.hcl'.length))
    .sort();
}

/** One side of an fmt golden pair. */
export function readFmtFixture(name: string, kind: 'in' | 'out'): string {
  return fs.readFileSync(path.join(FMT_FIXTURES, `${name}.${kind}.pkr.hcl`), 'utf8');
}

/** Every fmt golden input, in name order: a corpus of most of the native syntax. */
export function fmtInputs(): string[] {
  return fmtFixtureNames().map((name) => readFmtFixture(name, 'in'));
}
