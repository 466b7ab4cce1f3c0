import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { StringType } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { argError, callError, caller, plain, str } from './family-harness';
import { tempDir } from '../../support/temp';

const dir = tempDir('kiln-fs-');
writeFileSync(path.join(dir, 'hello.txt'), 'Hello World');
writeFileSync(path.join(dir, 'bin.dat'), Buffer.from([0xff, 0xfe]));
mkdirSync(path.join(dir, 'sub/deep'), { recursive: true });
writeFileSync(path.join(dir, 'sub/a.tmpl'), 'x');
writeFileSync(path.join(dir, 'sub/deep/b.txt'), 'y');
writeFileSync(path.join(dir, 'greet.tmpl'), 'Hello, ${name}!%{ for x in list } [${x}]%{ endfor }');
writeFileSync(path.join(dir, 'value.tmpl'), '${val}');
writeFileSync(path.join(dir, 'recursive.tmpl'), '${templatefile("value.tmpl", {val = 1})}');
writeFileSync(path.join(dir, 'func.tmpl'), '${upper(name)}');
writeFileSync(path.join(dir, 'missing.tmpl'), 'Hi ${nobody}');

const call = caller({ baseDir: dir, env: { HOME: '/home/kiln' } });
const s = (name: string, ...args: string[]): string => call(name, ...args.map(str)).asString();

describe('file, filebase64, fileexists', () => {
  it('read files relative to the base directory', () => {
    expect(s('file', 'hello.txt')).toBe('Hello World');
    expect(s('file', path.join(dir, 'hello.txt'))).toBe('Hello World');
    expect(s('filebase64', 'bin.dat')).toBe('//4=');
    expect(call('fileexists', str('hello.txt')).asBool()).toBe(true);
    expect(call('fileexists', str('nope.txt')).asBool()).toBe(false);
  });
  it('report Packer errors', () => {
    expect(callError(() => s('file', 'nope.txt'))).toBe(`no file exists at ${dir}/nope.txt`);
    expect(callError(() => s('file', 'bin.dat'))).toMatch(
      /^contents of bin\.dat are not valid UTF-8; use the filebase64 function/,
    );
    expect(callError(() => s('filebase64', 'nope.txt'))).toBe(
      'failed to read file "nope.txt": open nope.txt: no such file or directory',
    );
    expect(callError(() => s('fileexists', 'sub'))).toMatch(
      new RegExp(`^${dir}/sub is not a regular file, but "d[rwx-]{9}"$`),
    );
    expect(callError(() => s('file', '~other/x'))).toBe(
      'failed to expand ~: cannot expand user-specific home dir',
    );
  });
  it('refuse devices and pipes, which could be read forever (issue 20)', () => {
    expect(callError(() => s('file', '/dev/zero'))).toBe('failed to read /dev/zero: not a regular file');
    expect(callError(() => s('filebase64', '/dev/zero'))).toBe(
      'failed to read file "/dev/zero": not a regular file',
    );
    // templatefile reads through the same path.
    expect(callError(() => call('templatefile', str('/dev/zero'), Value.object({})))).toBe(
      'failed to read /dev/zero: not a regular file',
    );
  });
});

describe('path functions', () => {
  it('behave like Go filepath', () => {
    expect(s('basename', '/a/b/')).toBe('b');
    expect(s('basename', '')).toBe('.');
    expect(s('basename', '///')).toBe('/');
    expect(s('dirname', '')).toBe('.');
    expect(s('dirname', '/a/b/c.txt')).toBe('/a/b');
    expect(s('dirname', 'c.txt')).toBe('.');
    expect(s('dirname', '/')).toBe('/');
    expect(s('pathexpand', '~/x')).toBe('/home/kiln/x');
    expect(s('pathexpand', 'a/~')).toBe('a/~');
    expect(s('abspath', 'a/../b')).toBe(`${process.cwd()}/b`);
  });
});

describe('fileset', () => {
  it('globs doublestar patterns and returns slash paths relative to the given path', () => {
    expect(plain(call('fileset', str('.'), str('**/*.{txt,tmpl}')))).toEqual(
      [
        'greet.tmpl',
        'hello.txt',
        'func.tmpl',
        'missing.tmpl',
        'recursive.tmpl',
        'sub/a.tmpl',
        'sub/deep/b.txt',
        'value.tmpl',
      ].sort(),
    );
    expect(plain(call('fileset', str('sub'), str('*')))).toEqual(['a.tmpl']);
    expect(plain(call('fileset', str(dir), str('[gh]*')))).toEqual(['greet.tmpl', 'hello.txt']);
    expect(plain(call('fileset', str('.'), str('none/*')))).toEqual([]);
  });
  it('matches doublestar v1 as Packer does (checked with packer console)', () => {
    // A trailing "**" matches the files below too.
    expect(plain(call('fileset', str('.'), str('sub/**')))).toEqual(['sub/a.tmpl', 'sub/deep/b.txt']);
    // Only ^ negates a class; "[!h]" is the set {!, h}.
    expect(plain(call('fileset', str('.'), str('[!h]*.txt')))).toEqual(['hello.txt']);
    expect(plain(call('fileset', str('.'), str('[^h]*.txt')))).toEqual([]);
  });
});

describe('templatefile', () => {
  const obj = (o: Record<string, Value>): Value => Value.object(o);
  it('renders with only the given variables and the function table', () => {
    const v = call(
      'templatefile',
      str('greet.tmpl'),
      obj({ name: str('Kiln'), list: Value.tuple([str('a'), str('b')]) }),
    );
    expect(v.asString()).toBe('Hello, Kiln! [a] [b]');
    expect(call('templatefile', str('value.tmpl'), obj({ val: Value.tuple([str('x')]) })).type.kind).toBe(
      'tuple',
    );
    expect(call('templatefile', str('func.tmpl'), obj({ name: str('x') })).asString()).toBe('X');
  });
  it('reports Packer errors', () => {
    expect(callError(() => call('templatefile', str('recursive.tmpl'), obj({})))).toMatch(
      /cannot recursively call templatefile from inside templatefile call/,
    );
    expect(argError(() => call('templatefile', str('missing.tmpl'), obj({})))).toEqual({
      argIndex: 1,
      message: 'vars map does not contain key "nobody", referenced at missing.tmpl:1,6-12',
    });
    expect(argError(() => call('templatefile', str('value.tmpl'), str('x')))).toEqual({
      argIndex: 1,
      message: 'invalid vars value: must be a map',
    });
    expect(
      argError(() => call('templatefile', str('value.tmpl'), obj({ 'bad name': str('x') }))).message,
    ).toMatch(/^invalid template variable name "bad name"/);
    expect(callError(() => call('templatefile', str('nope.tmpl'), obj({})))).toBe(
      `no file exists at ${dir}/nope.tmpl`,
    );
    expect(call('templatefile', Value.unknown(StringType), obj({})).isKnown()).toBe(false);
  });
});
