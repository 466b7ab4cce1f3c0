import { parsePluginPart, parsePluginSource } from '../../src/template/plugin-address';

describe('plugin addresses (Packer addrs)', () => {
  it.each([
    ['github.com/hashicorp/azr', true],
    ['github.com/hashicorp/azr/a/b/c/d/e/f/g/h/i/j/k/l/m', true],
    ['potato', false],
    ['hashicorp/azr', false],
    ['github.com/hashicorp/azr/', false],
    ['github.com/hashicorp/azr#anchor', false],
    ['/github.com/hashicorp/azr', false],
    ['github.com/hashicorp/azr/a/b/c/d/e/f/g/h/i/j/k/l/m/n', false],
    ['github.com:443/hashicorp/azr', false],
    ['github.com/hashicorp/a%zzb', false],
    ['github.com/hashicorp/Azr', true],
  ])('%s valid: %s', (source, valid) => {
    expect(parsePluginSource(source).ok).toBe(valid);
  });

  it('explains the packer- prefixes and malformed names', () => {
    const message = (s: string): string => {
      const r = parsePluginSource(s);
      return r.ok ? '' : r.message;
    };
    expect(message('github.com/hashicorp/packer-plugin-azr')).toBe(
      'Plugin source has a type with the prefix "packer-plugin-", which isn\'t valid.\n' +
        'Although that prefix is often used in the names of version control repositories for Packer plugins, plugin source strings should not include it.\n' +
        '\nDid you mean "azr"?',
    );
    expect(message('github.com/hashicorp/packer-azr')).toBe(
      'Plugin source has a type with the "packer-" prefix, which isn\'t valid.\n' +
        'If you are the author of this plugin, rename it to not include the prefix.\nEx: "azr"',
    );
    expect(message('github.com/hashicorp/a--b')).toBe(
      'Invalid plugin type "a--b" in source: cannot use multiple consecutive dashes"',
    );
    expect(message('1github.com:x/hashicorp/b')).toBe(
      'The provided source URL is invalid.\nThe following errors have been discovered:\n' +
        '* Failed to parse source URL: parse "1github.com:x/hashicorp/b": first path segment in URL cannot contain colon\n' +
        '\nA valid source looks like "github.com/hashicorp/happycloud"',
    );
    expect(message('github.com/hashicorp/azr/a/b/c/d/e/f/g/h/i/j/k/l/m/n')).toContain(
      'The source URL must have at most 16 components, and the one provided has 17.',
    );
  });

  it('folds plugin parts like DNS labels', () => {
    expect(parsePluginPart('Amazon')).toEqual({ ok: true, value: 'amazon' });
    expect(parsePluginPart('ÉCOLE')).toEqual({ ok: true, value: 'école' });
    expect(parsePluginPart('')).toEqual({ ok: false, message: 'must have at least one character' });
    expect(parsePluginPart('a.b')).toEqual({ ok: false, message: 'dots are not allowed' });
    expect(parsePluginPart('a!')).toMatchObject({
      message: expect.stringContaining('idna: disallowed rune U+0021'),
    });
    expect(parsePluginPart('a-')).toMatchObject({
      message: expect.stringContaining('idna: invalid label "a-"'),
    });
  });
});
