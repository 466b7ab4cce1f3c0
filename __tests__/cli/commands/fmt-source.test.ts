import { decodeSource } from '../../../src/cli/commands/fmt-source';

describe('decodeSource', () => {
  it('decodes valid UTF-8, including multi-byte characters', () => {
    expect(decodeSource(Buffer.from('a = "é日😀"\n'), 'f')).toEqual({
      src: 'a = "é日😀"\n',
      diagnostics: [],
    });
  });

  it('refuses invalid input with HCL wording and position', () => {
    const r = decodeSource(Buffer.from([0x61, 0x0a, 0x62, 0x3d, 0xff, 0x0a]), 'x.pkr.hcl');
    expect(r.src).toBeUndefined();
    expect(r.diagnostics[0].summary).toBe('Invalid character encoding');
    expect(r.diagnostics[0].subject?.start).toEqual({ line: 2, column: 3, byte: 4 });
  });
});
