import { renderDiagnostics } from '../../src/hcl/render';
import { SourceFiles } from '../../src/template/source-files';
import { load } from './helpers';
import { tempTemplate } from '../support/temp';

describe('SourceFiles', () => {
  it('names the enclosing top-level block, as hcl does', async () => {
    const files = new SourceFiles();
    const src =
      'variable "x" {\n  default = 1\n}\n\nsource "null" "y" {\n  a {\n    b = 1\n  }\n}\nlocals {\n  z = 1\n}\n';
    files.parse('t.pkr.hcl', src);
    const at = (text: string): string | undefined =>
      files
        .asMap()
        .get('t.pkr.hcl')
        ?.contextAt?.(Buffer.byteLength(src.slice(0, src.indexOf(text)), 'utf8'));
    expect(at('default')).toBe('variable "x"');
    expect(at('b = 1')).toBe('source "null" "y"');
    expect(at('z = 1')).toBe('locals');
    expect(at('\n\nsource')).toBeUndefined();
  });

  it('gives JSON files no block context', async () => {
    const files = new SourceFiles();
    files.parse('t.pkr.json', '{"locals": {"a": 1}}');
    expect(files.asMap().get('t.pkr.json')?.contextAt).toBeUndefined();
  });

  it('renders template diagnostics with the block they are in', async () => {
    const dir = tempTemplate({ 't.pkr.hcl': 'variable "x" {\n  type = string\n  default = [1]\n}\n' });
    const scope = await load(dir);
    const text = renderDiagnostics(scope.diagnostics, scope.files.asMap());
    expect(text).toBe(
      'Error: Invalid default value for variable\n\n' +
        '  on t.pkr.hcl line 3, in variable "x":\n' +
        '   3:   default = [1]\n' +
        '                  ^^^\n\n' +
        "This default value is not compatible with the variable's type constraint: string\nrequired.\n\n",
    );
  });
});
