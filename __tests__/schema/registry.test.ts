import type { Range } from '../../src/hcl/pos';
import { BUILTIN_SCHEMAS } from '../../src/components/catalog';
import { builtinRegistry } from '../../src/components/catalog';
import { ComponentRegistry } from '../../src/schema/registry';
import type { ComponentSchema } from '../../src/schema/types';
import { NumberType, StringType } from '../../src/values/types';

const RANGE: Range = {
  filename: 'x.pkr.hcl',
  start: { line: 3, column: 14, byte: 40 },
  end: { line: 3, column: 22, byte: 48 },
};

function schema(
  kind: ComponentSchema['kind'],
  type: string,
  extra: Partial<ComponentSchema> = {},
): ComponentSchema {
  return { kind, type, plugin: 'builtin', doc: '', fields: [], ...extra };
}

describe('ComponentRegistry', () => {
  test('get and types by kind', () => {
    const r = new ComponentRegistry();
    r.register(schema('provisioner', 'shell'));
    r.register(schema('provisioner', 'file'));
    r.register(schema('builder', 'file'));
    expect(r.types('provisioner')).toEqual(['file', 'shell']);
    expect(r.types('builder')).toEqual(['file']);
    expect(r.types('datasource')).toEqual([]);
    expect(r.get('provisioner', 'file')?.kind).toBe('provisioner');
    expect(r.get('builder', 'shell')).toBeUndefined();
    expect(r.all().map((s) => `${s.kind}/${s.type}`)).toEqual([
      'provisioner/shell',
      'provisioner/file',
      'builder/file',
    ]);
  });

  test('a duplicate or malformed declaration is a bug', () => {
    const r = new ComponentRegistry();
    r.register(schema('provisioner', 'shell'));
    expect(() => r.register(schema('provisioner', 'shell'))).toThrow('provisioner shell is registered twice');
    const twice = { name: 'a', type: StringType, doc: '' };
    expect(() => r.register(schema('provisioner', 'p1', { fields: [twice, twice] }))).toThrow(
      'field a is declared twice',
    );
    expect(() =>
      r.register(
        schema('provisioner', 'p2', { fields: [{ name: 'n', type: NumberType, doc: '', default: 'many' }] }),
      ),
    ).toThrow('field n: default "many" is not a number');
    expect(() =>
      r.register(
        schema('provisioner', 'p3', {
          fields: [{ name: 'd', type: { kind: 'duration' }, doc: '', default: '5 min' }],
        }),
      ),
    ).toThrow('field d: default is not a Go duration');
    expect(() =>
      r.register(
        schema('provisioner', 'p4', {
          fields: [{ name: 'a', type: StringType, doc: '', conflictsWith: ['b'] }],
        }),
      ),
    ).toThrow('field a conflicts with unknown field b');
    expect(() =>
      r.register(
        schema('provisioner', 'p5', { fields: [{ name: 'a', type: NumberType, doc: '', oneOf: ['1'] }] }),
      ),
    ).toThrow('field a has oneOf but is not a string');
    // A builder's fields may name the communicator options it inherits.
    r.register(
      schema('builder', 'b', {
        communicator: 'ssh',
        fields: [{ name: 'x', type: StringType, doc: '', conflictsWith: ['ssh_password'] }],
      }),
    );
  });

  test("unknown types: Packer's summaries, a suggestion when one is close, else the known types", () => {
    const r = new ComponentRegistry();
    for (const s of [
      schema('builder', 'docker'),
      schema('builder', 'null'),
      schema('provisioner', 'shell'),
      schema('post-processor', 'manifest'),
      schema('datasource', 'http'),
      schema('datasource', 'null'),
    ]) {
      r.register(s);
    }
    const d = (kind: ComponentSchema['kind'], type: string, label?: string) => {
      const diag = r.unknownComponentDiagnostic(kind, type, RANGE, label);
      expect(diag.severity).toBe('error');
      expect(diag.subject).toBe(RANGE);
      return [diag.summary, diag.detail];
    };
    expect(d('builder', 'dockr')).toEqual(['Unknown source type dockr', 'Did you mean to use "docker"?']);
    expect(d('builder', 'vmware-iso')).toEqual([
      'Unknown source type vmware-iso',
      'The source vmware-iso is unknown by Kiln, and is likely part of a plugin that Kiln does not provide.\nKnown source types: docker, null.',
    ]);
    expect(d('provisioner', 'shel')).toEqual([
      'Unknown provisioner type "shel"',
      'Did you mean to use "shell"?',
    ]);
    expect(d('provisioner', 'powershell', 'error-cleanup-provisioner')).toEqual([
      'Unknown error-cleanup-provisioner type "powershell"',
      'The error-cleanup-provisioner powershell is unknown by Kiln, and is likely part of a plugin that Kiln does not provide.\nKnown error-cleanup-provisioner types: shell.',
    ]);
    expect(d('post-processor', 'vagrant')[0]).toBe('Unknown post-processor type "vagrant"');
    expect(d('datasource', 'amazon-ami')).toEqual([
      'Unknown data type amazon-ami',
      'known data sources: [http null]',
    ]);
  });
});

describe('builtinRegistry', () => {
  test('holds every catalogued component, each well-formed', () => {
    const r = builtinRegistry();
    expect(r.all()).toHaveLength(BUILTIN_SCHEMAS.length);
    expect(r.types('builder')).toEqual(['amazon-ebs', 'docker', 'file', 'null']);
    for (const type of ['shell', 'file', 'shell-local', 'breakpoint', 'ansible', 'ansible-local']) {
      expect(r.get('provisioner', type)).toBeDefined();
    }
    for (const type of [
      'manifest',
      'checksum',
      'compress',
      'artifice',
      'shell-local',
      'docker-tag',
      'docker-push',
      'docker-import',
      'docker-save',
    ]) {
      expect(r.get('post-processor', type)).toBeDefined();
    }
    expect(r.types('datasource')).toEqual([
      'amazon-ami',
      'amazon-parameterstore',
      'amazon-secretsmanager',
      'http',
      'null',
    ]);
  });
});
