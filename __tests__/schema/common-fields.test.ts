import { assertWellFormedFields } from '../../src/schema/fields';
import {
  ChecksumSyntaxError,
  findChecksumInFile,
  parseChecksumLine,
  parseChecksumOption,
} from '../../src/schema/common-fields/checksum';
import { HTTP_FIELDS, readHttpConfig, validateHttpConfig } from '../../src/schema/common-fields/http';
import { ISO_FIELDS, readIsoConfig, validateIsoConfig } from '../../src/schema/common-fields/iso';
import { OUTPUT_FIELDS, readOutputDirectory } from '../../src/schema/common-fields/output';
import type { ComponentSchema } from '../../src/schema/types';
import { decode } from '../support/component-decode';
import { summarizeWithSeverity as summarize } from '../support/diagnostics';

/** A builder made of the shared lists only, as a qemu-like builder would spread them in. */
const BUILDER: ComponentSchema = {
  kind: 'builder',
  type: 'test-iso',
  plugin: 'builtin',
  doc: 'A builder for tests.',
  fields: [...ISO_FIELDS, ...HTTP_FIELDS, ...OUTPUT_FIELDS],
  validate: (view) => [...validateIsoConfig(view), ...validateHttpConfig(view)],
};

const SHA256 = 'ed363350696a726b7932db864dda019bd2017365c9e299627830f06954643f93';
const ISO = `iso_url = "http://example.com/ubuntu.iso"\niso_checksum = "sha256:${SHA256}"\n`;

/** [severity, summary] of each diagnostic. */
const problems = (src: string) => summarize(decode(BUILDER, src).diagnostics).map(([s, m]) => [s, m]);

describe('the shared field lists', () => {
  test('are well formed together', () => {
    expect(() => assertWellFormedFields('test-iso', BUILDER.fields)).not.toThrow();
  });

  test('a complete configuration decodes without problems, and reads as Prepare leaves it', () => {
    const r = decode(BUILDER, `${ISO}iso_target_extension = "IMG"\noutput_directory = "out"\n`);
    expect(r.diagnostics).toEqual([]);
    expect(readIsoConfig(r.view)).toEqual({
      urls: ['http://example.com/ubuntu.iso'],
      checksum: `sha256:${SHA256}`,
      targetPath: '',
      targetExtension: 'img',
    });
    expect(readHttpConfig(r.view)).toEqual({
      directory: '',
      content: null,
      portMin: 8000,
      portMax: 9000,
      bindAddress: '0.0.0.0',
      interface: '',
      networkProtocol: 'tcp',
    });
    expect(readOutputDirectory(r.view)).toBe('out');
    expect(readIsoConfig(decode(BUILDER, ISO).view).targetExtension).toBe('iso');
    expect(readOutputDirectory(decode(BUILDER, ISO).view)).toBe('');
  });

  test('a misspelt option is hcl\'s "Unsupported argument" with a suggestion', () => {
    expect(summarize(decode(BUILDER, 'iso_url = "a.iso"\niso_checksums = "x"\n').diagnostics)[0][2]).toBe(
      'An argument named "iso_checksums" is not expected here. Did you mean "iso_checksum"?',
    );
  });
});

describe("ISOConfig's checks", () => {
  test.each([
    ['no URL', `iso_checksum = "none"\n`, 'One of iso_url or iso_urls must be specified'],
    [
      'both iso_url and iso_urls',
      `${ISO}iso_urls = ["http://example.com/b.iso"]\n`,
      'Only one of iso_url or iso_urls must be specified',
    ],
    ['no checksum', 'iso_url = "a.iso"\n', 'A checksum must be specified'],
    [
      'a bad hex digit',
      'iso_url = "a.iso"\niso_checksum = "sha256:xyz"\n',
      `invalid checksum: encoding/hex: invalid byte: U+0078 'x' in "sha256:xyz"`,
    ],
    [
      'an odd length',
      'iso_url = "a.iso"\niso_checksum = "md5:abc"\n',
      'invalid checksum: encoding/hex: odd length hex string in "md5:abc"',
    ],
    [
      'a length of no known type',
      'iso_url = "a.iso"\niso_checksum = "abcd"\n',
      'Unknown type for checksum abcd in "abcd"',
    ],
    [
      'an unknown type',
      'iso_url = "a.iso"\niso_checksum = "crc32:abcd"\n',
      'unsupported checksum type: crc32 in "crc32:abcd"',
    ],
  ])('%s', (_what, src, message) => {
    expect(problems(src)).toEqual([['error', message]]);
  });

  test("an image name given as the checksum gets both of Packer's errors", () => {
    expect(problems('iso_url = "a.iso"\niso_checksum = "ubuntu.iso"\n')).toEqual([
      ['error', `invalid checksum: encoding/hex: invalid byte: U+0075 'u' in "ubuntu.iso"`],
      ['error', 'Error parsing checksum: .iso is not a valid checksum ending'],
    ]);
  });

  test("'none' is a warning", () => {
    expect(problems('iso_urls = ["a.iso", "b.iso"]\niso_checksum = "none"\n')).toEqual([
      [
        'warning',
        "A checksum of 'none' was specified. Since ISO files are so big,\na checksum is highly recommended.",
      ],
    ]);
  });

  test('a checksum file is left to the build', () => {
    expect(problems('iso_url = "a.iso"\niso_checksum = "file:http://example.com/SHA256SUMS"\n')).toEqual([]);
  });

  test('a value not known yet is checked as the placeholder Packer checks', () => {
    expect(problems('iso_url = var.later\niso_checksum = var.later\n')).toEqual([
      ['error', `invalid checksum: encoding/hex: invalid byte: U+003C '<' in "<unknown>"`],
    ]);
  });

  test('iso_urls keep their order; iso_url comes first', () => {
    const r = decode(BUILDER, 'iso_urls = ["a.iso", "b.iso"]\niso_checksum = "none"\n');
    expect(readIsoConfig(r.view).urls).toEqual(['a.iso', 'b.iso']);
  });
});

describe("HTTPConfig's checks", () => {
  test.each([
    [
      'http_content with http_directory',
      'http_directory = "http"\nhttp_content = { "/a" = "b" }\n',
      'http_content cannot be used in conjunction with http_dir. Consider using the file function to load file in memory and serve them with http_content: https://www.packer.io/docs/templates/hcl_templates/functions/file/file',
    ],
    [
      'a reversed port range',
      'http_port_min = 9100\nhttp_port_max = 9050\n',
      'http_port_min must be less than http_port_max',
    ],
    [
      'a minimum above the default maximum',
      'http_port_min = 9500\n',
      'http_port_min must be less than http_port_max',
    ],
    [
      'http_interface with http_bind_address',
      'http_interface = "eth0"\nhttp_bind_address = "10.0.0.1"\n',
      'either http_interface or http_bind_address can be specified',
    ],
    [
      'an unknown protocol',
      'http_network_protocol = "udp"\n',
      'http_network_protocol is invalid. Must be one of: [tcp tcp4 tcp6 unix unixpacket]',
    ],
  ])('%s', (_what, src, message) => {
    expect(problems(`${ISO}${src}`)).toEqual([['error', message]]);
  });

  test('zero ports stand for the defaults; an empty http_content is no content', () => {
    const r = decode(
      BUILDER,
      `${ISO}http_port_min = 0\nhttp_port_max = 0\nhttp_content = {}\nhttp_directory = "d"\n`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(readHttpConfig(r.view)).toMatchObject({ portMin: 8000, portMax: 9000, directory: 'd' });
  });

  test('reads what is set', () => {
    const r = decode(
      BUILDER,
      `${ISO}http_content = { "/ks.cfg" = "x" }\nhttp_port_min = 8100\nhttp_port_max = 8100\nhttp_bind_address = "127.0.0.1"\nhttp_network_protocol = "tcp4"\n`,
    );
    expect(readHttpConfig(r.view)).toEqual({
      directory: '',
      content: { '/ks.cfg': 'x' },
      portMin: 8100,
      portMax: 8100,
      bindAddress: '127.0.0.1',
      interface: '',
      networkProtocol: 'tcp4',
    });
  });
});

describe('iso_checksum values and checksum files', () => {
  test('the forms of a value', () => {
    expect(parseChecksumOption('none')).toEqual({ kind: 'none' });
    expect(parseChecksumOption('file:./SHA256SUMS')).toEqual({ kind: 'file', location: './SHA256SUMS' });
    expect(parseChecksumOption('SHA1:EBFB681885DDF1234C18094A45BBEAFD91467911')).toEqual({
      kind: 'value',
      checksum: { type: 'sha1', value: 'ebfb681885ddf1234c18094a45bbeafd91467911' },
    });
    expect(parseChecksumOption('090992ba9fd140077b0661cb75f7ce13')).toEqual({
      kind: 'value',
      checksum: { type: 'md5', value: '090992ba9fd140077b0661cb75f7ce13' },
    });
    expect(() => parseChecksumOption('NONE')).toThrow(ChecksumSyntaxError);
    expect(() => parseChecksumOption('sha256:\u00e9')).toThrow("invalid byte: U+00C3 'Ã'");
  });

  test('GNU and BSD lines; comments and unreadable lines are skipped', () => {
    expect(parseChecksumLine(`${SHA256} *ubuntu.iso`)).toEqual({
      checksum: { type: 'sha256', value: SHA256 },
      filename: '*ubuntu.iso',
    });
    expect(parseChecksumLine(`SHA256 (ubuntu.iso) = ${SHA256}`)).toEqual({
      checksum: { type: 'sha256', value: SHA256 },
      filename: 'ubuntu.iso',
    });
    expect(parseChecksumLine(`# ${SHA256}  ubuntu.iso`)).toBeUndefined();
    expect(parseChecksumLine('-----BEGIN PGP SIGNED MESSAGE-----')).toBeUndefined();
    expect(parseChecksumLine(`SHA256 ubuntu.iso = ${SHA256}`)).toBeUndefined();
    expect(parseChecksumLine('not a checksum')).toBeUndefined();
  });

  const other = 'a'.repeat(64);
  const where = {
    checksummedPath: '/releases/22.04/netboot/mini.iso',
    checksumFilePath: '/releases/22.04/SHA256SUMS',
  };

  test.each([
    ['its base name', `${other}  other.iso\n${SHA256}  mini.iso\n`],
    ['its path relative to the checksum file', `${other}  hwe/mini.iso\n${SHA256}  netboot/mini.iso\n`],
    ['./ and its relative path', `${SHA256}  ./netboot/mini.iso\n`],
    [
      'a sub-folder part of its path',
      `${other}  ./hwe-netboot/mini.iso\n${SHA256}  ./22.04/netboot/mini.iso\n`,
    ],
    ['a line naming no file', `${SHA256}\n`],
    ['a last line without a newline', `${other}  other.iso\n${SHA256}  mini.iso`],
  ])('an entry is found by %s', (_how, text) => {
    expect(findChecksumInFile(text, where)).toEqual({ type: 'sha256', value: SHA256 });
  });

  test('no entry for the file: undefined', () => {
    expect(findChecksumInFile(`${other}  other.iso\n`, where)).toBeUndefined();
  });
});
