import { BoolType, NumberType, StringType } from '../../values/types';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldSpec } from '../../schema/types';
import { goStrings } from '../../schema/go-fields';
import { STRINGS, STRING_MAP } from './shell-common';
import { SHELL_LOCAL_FIELDS, validateShellLocal } from './shell-local-config';

/**
 * The post-processors that ship inside Packer: `manifest`, `checksum`, `compress`, `artifice` and
 * `shell-local` (post-processor/* in hashicorp/packer), with the checks their Configure functions
 * make. `keep_input_artifact` is a meta-argument handled by the template layer, not declared here.
 */

export const MANIFEST_FIELDS = [
  { name: 'output', type: StringType, doc: 'The manifest file to write.', default: 'packer-manifest.json' },
  {
    name: 'strip_path',
    type: BoolType,
    doc: 'Record only the file names of the artifact files, not their paths.',
  },
  { name: 'strip_time', type: BoolType, doc: 'Leave out the `build_time` field.' },
  {
    name: 'custom_data',
    type: STRING_MAP,
    doc: 'Extra key/value pairs stored with the build, such as a version or a commit.',
  },
] as const satisfies readonly FieldSpec[];

export const MANIFEST_POST_PROCESSOR_SCHEMA: ComponentSchema<typeof MANIFEST_FIELDS> = {
  kind: 'post-processor',
  type: 'manifest',
  plugin: 'builtin',
  doc:
    "Records each build's artifact (its files, id, builder type and generated data) in a JSON file, " +
    'adding to the builds already listed there.',
  fields: MANIFEST_FIELDS,
};

/** The hashes getHash knows; anything else is refused at Configure time. */
export const CHECKSUM_TYPES: readonly string[] = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

export const CHECKSUM_FIELDS = [
  {
    name: 'checksum_types',
    type: STRINGS,
    doc: `The hashes to compute: any of ${CHECKSUM_TYPES.map((t) => `\`${t}\``).join(', ')}. An empty list computes none.`,
    default: ['md5'],
  },
  {
    name: 'output',
    type: StringType,
    doc: 'The file to write, rendered with `{{.BuildName}}`, `{{.BuilderType}}` and `{{.ChecksumType}}`.',
    default: 'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum',
  },
] as const satisfies readonly FieldSpec[];

function validateChecksum(view: ConfigView<typeof CHECKSUM_FIELDS>): ConfigProblem[] {
  const types = goStrings(view, 'checksum_types') ?? [];
  return types
    .filter((type) => !CHECKSUM_TYPES.includes(type))
    .map((type) => ({ message: `Unrecognized checksum type: ${type}`, field: 'checksum_types' }));
}

export const CHECKSUM_POST_PROCESSOR_SCHEMA: ComponentSchema<typeof CHECKSUM_FIELDS> = {
  kind: 'post-processor',
  type: 'checksum',
  plugin: 'builtin',
  doc: "Computes checksums of the artifact's files and writes one checksum file per type.",
  fields: CHECKSUM_FIELDS,
  validate: validateChecksum,
};

export const COMPRESS_FIELDS = [
  {
    name: 'output',
    type: StringType,
    doc:
      'The archive to write, rendered with `{{.BuildName}}` and `{{.BuilderType}}`. Its extensions choose ' +
      'the format: `.tar`, `.zip`, `.gz`, `.bgzf`, `.lz4`, `.xz`, `.bzip2`, combined as in `.tar.gz`; ' +
      'anything else (or none) means a gzipped tar. Kiln writes tar, zip, gzip and LZ4; it refuses bgzf, xz and bzip2.',
    default: 'packer_{{.BuildName}}_{{.BuilderType}}',
  },
  {
    name: 'format',
    type: StringType,
    doc: 'Extensions to read instead of those of `output` (`tar.gz`, `zip`, `lz4`...).',
  },
  {
    name: 'compression_level',
    type: NumberType,
    doc:
      'For the algorithms that have levels, from 1 (fastest) to 9 (smallest). Levels above 9 count as 9; ' +
      '0 and -1 mean the default.',
    default: -1,
    defaultDoc: "the algorithm's own: 6 for gzip and bgzf, 9 for bzip2, lz4's fast mode",
  },
  {
    name: 'archive',
    type: StringType,
    doc: 'Not documented by Packer: the archive format (`tar`, `zip`), normally worked out from `output` and `format`.',
  },
  {
    name: 'algorithm',
    type: StringType,
    doc: 'Not documented by Packer: the compression algorithm, normally worked out from `output` and `format`.',
  },
] as const satisfies readonly FieldSpec[];

export const COMPRESS_POST_PROCESSOR_SCHEMA: ComponentSchema<typeof COMPRESS_FIELDS> = {
  kind: 'post-processor',
  type: 'compress',
  plugin: 'builtin',
  doc: "Packs the artifact's files into one archive (tar or zip) and/or compresses them.",
  fields: COMPRESS_FIELDS,
};

const NO_FILES = 'No files specified in artifice configuration';

export const ARTIFICE_FIELDS = [
  { name: 'files', type: STRINGS, doc: 'The files that make up the new artifact.', required: NO_FILES },
] as const satisfies readonly FieldSpec[];

export const ARTIFICE_POST_PROCESSOR_SCHEMA: ComponentSchema<typeof ARTIFICE_FIELDS> = {
  kind: 'post-processor',
  type: 'artifice',
  plugin: 'builtin',
  doc:
    'Replaces the artifact with the given local files (for example ones a `file` provisioner downloaded), ' +
    'so that the post-processors after it work on those.',
  // Packer's only check, a missing or empty list, is the declaration's `required`.
  fields: ARTIFICE_FIELDS,
};

export const SHELL_LOCAL_POST_PROCESSOR_SCHEMA: ComponentSchema<typeof SHELL_LOCAL_FIELDS> = {
  kind: 'post-processor',
  type: 'shell-local',
  plugin: 'builtin',
  doc:
    'Runs commands or scripts on the machine running Kiln once the artifact exists; the artifact always ' +
    'passes through unchanged. A one-element `execute_command` is run as `sh -c <it>`, as it was before ' +
    'the post-processor took a list. Exactly one of `command`, `inline`, `script` and `scripts` is required.',
  fields: SHELL_LOCAL_FIELDS,
  validate: validateShellLocal,
};

export const CORE_POST_PROCESSOR_SCHEMAS: readonly ComponentSchema[] = [
  MANIFEST_POST_PROCESSOR_SCHEMA,
  CHECKSUM_POST_PROCESSOR_SCHEMA,
  COMPRESS_POST_PROCESSOR_SCHEMA,
  ARTIFICE_POST_PROCESSOR_SCHEMA,
  SHELL_LOCAL_POST_PROCESSOR_SCHEMA,
];
