import { FlagError, type FlagSpec, parseFlags } from '../../src/cli/flags';

const specs: FlagSpec[] = [
  { kind: 'bool', name: 'check', usage: '' },
  { kind: 'bool', name: 'write', usage: '' },
  { kind: 'string', name: 'color', usage: '' },
  { kind: 'list', name: 'var', usage: '' },
];

describe('parseFlags (Go flag package rules)', () => {
  it('accepts -name, --name, -name=value and -name value', () => {
    const p = parseFlags(
      ['-check', '--write=false', '-color', 'no', '-var', 'a=1', '--var=b=2', 'dir', '-x'],
      specs,
    );
    expect(p.bools.get('check')).toBe(true);
    expect(p.bools.get('write')).toBe(false);
    expect(p.strings.get('color')).toBe('no');
    expect(p.lists.get('var')).toEqual(['a=1', 'b=2']);
    expect(p.args).toEqual(['dir', '-x']);
  });

  it('stops at -- and at a lone -', () => {
    expect(parseFlags(['--', '-check'], specs).args).toEqual(['-check']);
    expect(parseFlags(['-check', '-'], specs).args).toEqual(['-']);
  });

  it('rejects unknown flags, missing values and bad booleans with Go wording', () => {
    expect(() => parseFlags(['-nope'], specs)).toThrow(new FlagError('flag provided but not defined: -nope'));
    expect(() => parseFlags(['-color'], specs)).toThrow('flag needs an argument: -color');
    expect(() => parseFlags(['-check=maybe'], specs)).toThrow(
      'invalid boolean value "maybe" for -check: parse error',
    );
    expect(() => parseFlags(['---x'], specs)).toThrow('bad flag syntax: ---x');
  });
});
