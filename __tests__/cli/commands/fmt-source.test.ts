import { decodeSource, firstInvalidUTF8 } from '../../../src/cli/commands/fmt-source';

describe('decodeSource', () => {
  it('decodes valid UTF-8, including multi-byte characters', () => {
    expect(decodeSource(Buffer.from('a = "é日😀"\n'), 'f')).toEqual({
      src: 'a = "é日😀"\n',
      diagnostics: [],
    });
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x80]],
    ['an invalid lead byte', [0x61, 0xff]],
    ['a truncated sequence', [0x61, 0xe6, 0x97]],
    ['an overlong encoding', [0x61, 0xc0, 0xaf]],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80]],
  ])('reports %s at its byte', (_label, bytes) => {
    expect(firstInvalidUTF8(Uint8Array.from(bytes))).toBe(1);
  });

  it('refuses invalid input with HCL wording and position', () => {
    const r = decodeSource(Buffer.from([0x61, 0x0a, 0x62, 0x3d, 0xff, 0x0a]), 'x.pkr.hcl');
    expect(r.src).toBeUndefined();
    expect(r.diagnostics[0].summary).toBe('Invalid character encoding');
    expect(r.diagnostics[0].subject?.start).toEqual({ line: 2, column: 3, byte: 4 });
  });
});
