import {
  ARTIFICE_POST_PROCESSOR_SCHEMA,
  CHECKSUM_POST_PROCESSOR_SCHEMA,
  COMPRESS_POST_PROCESSOR_SCHEMA,
  CORE_POST_PROCESSOR_SCHEMAS,
  MANIFEST_POST_PROCESSOR_SCHEMA,
  SHELL_LOCAL_POST_PROCESSOR_SCHEMA,
} from '../../../src/components/core/post-processors';
import { SHELL_LOCAL_PROVISIONER_SCHEMA } from '../../../src/components/core/provisioners';
import type { ComponentSchema } from '../../../src/schema/types';
import { UNKNOWN } from '../../support/config-view';
import { schemaProblems, shapeOf } from '../../support/schema-checks';
import { checkConfig } from '../../support/component-harness';

const defaultOf = (schema: ComponentSchema, name: string): unknown =>
  schema.fields.find((f) => f.name === name)?.default;

describe('core post-processor declarations', () => {
  test('are manifest, checksum, compress, artifice and shell-local, well formed', () => {
    expect(CORE_POST_PROCESSOR_SCHEMAS.map((s) => [s.kind, s.type, s.plugin])).toEqual([
      ['post-processor', 'manifest', 'builtin'],
      ['post-processor', 'checksum', 'builtin'],
      ['post-processor', 'compress', 'builtin'],
      ['post-processor', 'artifice', 'builtin'],
      ['post-processor', 'shell-local', 'builtin'],
    ]);
    for (const schema of CORE_POST_PROCESSOR_SCHEMAS) expect(schemaProblems(schema)).toEqual([]);
  });

  test("declare exactly the options of Packer's hcl2spec, without the keep_input_artifact meta-argument", () => {
    expect(shapeOf(MANIFEST_POST_PROCESSOR_SCHEMA.fields)).toEqual({
      output: 'string',
      strip_path: 'bool',
      strip_time: 'bool',
      custom_data: 'map(string)',
    });
    expect(shapeOf(CHECKSUM_POST_PROCESSOR_SCHEMA.fields)).toEqual({
      checksum_types: 'list(string)',
      output: 'string',
    });
    expect(shapeOf(COMPRESS_POST_PROCESSOR_SCHEMA.fields)).toEqual({
      output: 'string',
      format: 'string',
      compression_level: 'number',
      archive: 'string',
      algorithm: 'string',
    });
    expect(shapeOf(ARTIFICE_POST_PROCESSOR_SCHEMA.fields)).toEqual({ files: 'list(string)' });
  });

  test('shell-local is one option list under two kinds', () => {
    expect(SHELL_LOCAL_POST_PROCESSOR_SCHEMA.fields).toBe(SHELL_LOCAL_PROVISIONER_SCHEMA.fields);
    expect(SHELL_LOCAL_POST_PROCESSOR_SCHEMA.validate).toBe(SHELL_LOCAL_PROVISIONER_SCHEMA.validate);
    expect([SHELL_LOCAL_POST_PROCESSOR_SCHEMA.kind, SHELL_LOCAL_PROVISIONER_SCHEMA.kind]).toEqual([
      'post-processor',
      'provisioner',
    ]);
  });

  test("defaults are Packer's", () => {
    expect(defaultOf(MANIFEST_POST_PROCESSOR_SCHEMA, 'output')).toBe('packer-manifest.json');
    expect(defaultOf(CHECKSUM_POST_PROCESSOR_SCHEMA, 'checksum_types')).toEqual(['md5']);
    expect(defaultOf(CHECKSUM_POST_PROCESSOR_SCHEMA, 'output')).toBe(
      'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum',
    );
    expect(defaultOf(COMPRESS_POST_PROCESSOR_SCHEMA, 'output')).toBe(
      'packer_{{.BuildName}}_{{.BuilderType}}',
    );
    // pgzip.DefaultCompression: each algorithm picks its own level.
    expect(defaultOf(COMPRESS_POST_PROCESSOR_SCHEMA, 'compression_level')).toBe(-1);
    expect(ARTIFICE_POST_PROCESSOR_SCHEMA.fields[0].required).toBe(
      'No files specified in artifice configuration',
    );
  });
});

describe('checksum checks', () => {
  test('the known hashes pass', () => {
    expect(checkConfig(CHECKSUM_POST_PROCESSOR_SCHEMA, {})).toEqual([]);
    expect(
      checkConfig(CHECKSUM_POST_PROCESSOR_SCHEMA, {
        checksum_types: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
      }),
    ).toEqual([]);
    expect(checkConfig(CHECKSUM_POST_PROCESSOR_SCHEMA, { checksum_types: [] })).toEqual([]);
  });

  test('each other name is Unrecognized', () => {
    expect(
      checkConfig(CHECKSUM_POST_PROCESSOR_SCHEMA, { checksum_types: ['md5', 'crc32', 'SHA256'] }),
    ).toEqual([
      { message: 'Unrecognized checksum type: crc32', field: 'checksum_types' },
      { message: 'Unrecognized checksum type: SHA256', field: 'checksum_types' },
    ]);
    expect(checkConfig(CHECKSUM_POST_PROCESSOR_SCHEMA, { checksum_types: ['crc', UNKNOWN] })).toEqual([]);
  });
});
