import { decodeSources, sourceKey } from '../../src/template/sources';
import { described, topLevelBlocks } from './build-blocks';

describe('decodeSources', () => {
  test('collects sources by type.name in declaration order', () => {
    const { sources, diagnostics } = decodeSources(
      topLevelBlocks(`
source "null" "b" { communicator = "none" }
source "docker" "a" { image = "x" }
variable "v" {}
`),
    );
    expect(diagnostics).toEqual([]);
    expect([...sources.keys()]).toEqual(['null.b', 'docker.a']);
    const a = sources.get('docker.a')!;
    expect([a.type, a.name]).toEqual(['docker', 'a']);
    expect(a.range).toMatchObject({ start: { line: 3, column: 1 }, end: { line: 3, column: 20 } });
    expect(sourceKey('docker', 'a')).toBe('docker.a');
  });

  test('a duplicate is reported at the second block, naming the first', () => {
    const { sources, diagnostics } = decodeSources(
      topLevelBlocks(`source "null" "a" { communicator = "none" }
source "null" "a" {
  communicator = "ssh"
}
`),
    );
    expect(described(diagnostics)).toEqual(['error: Duplicate source block @ main.pkr.hcl:2,1-18']);
    expect(diagnostics[0].detail).toBe(
      'This source block has the same builder type and name as a previous block declared at main.pkr.hcl:1,1-18. Each source must have a unique name per builder type.',
    );
    expect(sources.size).toBe(1);
  });

  test('the same name with another type is no duplicate', () => {
    const { sources, diagnostics } = decodeSources(
      topLevelBlocks('source "null" "a" {}\nsource "docker" "a" {}\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(sources.size).toBe(2);
  });

  test('labels that could never be referenced are refused at the label', () => {
    const { sources, diagnostics } = decodeSources(
      topLevelBlocks('source "null" "a.b" {}\nsource "1null" "ok" {}\n'),
    );
    expect(described(diagnostics)).toEqual([
      'error: Invalid source name @ main.pkr.hcl:1,15-20',
      'error: Invalid source type @ main.pkr.hcl:2,8-15',
    ]);
    expect(sources.size).toBe(0);
  });

  test('JSON syntax', () => {
    const { sources, diagnostics } = decodeSources(
      topLevelBlocks('{"source": {"null": {"a": {"communicator": "none"}, "b": {}}}}', 'main.pkr.json'),
    );
    expect(diagnostics).toEqual([]);
    expect([...sources.keys()]).toEqual(['null.a', 'null.b']);
  });
});
