import {
  type ComponentDeclaration,
  defineBuilder,
  defineDataSource,
  definePostProcessor,
  defineProvisioner,
} from '../../sdk/define';
import { FILE_BUILDER, NULL_BUILDER } from './builder-runtimes';
import { FILE_BUILDER_SCHEMA, NULL_BUILDER_SCHEMA } from './builders';
import { ARTIFICE, CHECKSUM } from './checksum-runtime';
import { COMPRESS } from './compress-runtime';
import {
  HTTP_DATASOURCE_SCHEMA,
  NULL_DATASOURCE_SCHEMA,
  NULL_DATA_SOURCE,
  httpDataSource,
} from './datasources';
import { BREAKPOINT_PROVISIONER, FILE_PROVISIONER } from './file-provisioner-runtime';
import { MANIFEST } from './manifest-runtime';
import { SHELL_LOCAL_POST_PROCESSOR } from './post-processor-runtimes';
import {
  ARTIFICE_POST_PROCESSOR_SCHEMA,
  CHECKSUM_POST_PROCESSOR_SCHEMA,
  COMPRESS_POST_PROCESSOR_SCHEMA,
  MANIFEST_POST_PROCESSOR_SCHEMA,
  SHELL_LOCAL_POST_PROCESSOR_SCHEMA,
} from './post-processors';
import { SHELL_LOCAL_PROVISIONER, SLEEP_PROVISIONER } from './provisioner-runtimes';
import {
  BREAKPOINT_PROVISIONER_SCHEMA,
  FILE_PROVISIONER_SCHEMA,
  SHELL_LOCAL_PROVISIONER_SCHEMA,
  SHELL_PROVISIONER_SCHEMA,
  SLEEP_PROVISIONER_SCHEMA,
} from './provisioners';
import { SHELL_PROVISIONER } from './shell-runtime';

/** The components built into Packer itself (no plugin): every one runs natively in Kiln. */

export const NULL_BUILDER_DECLARATION = defineBuilder({
  schema: NULL_BUILDER_SCHEMA,
  runtime: NULL_BUILDER,
  // Its default communicator is SSH.
  lazyBundle: 'ssh2',
});

export const FILE_BUILDER_DECLARATION = defineBuilder({ schema: FILE_BUILDER_SCHEMA, runtime: FILE_BUILDER });

export const CORE_PROVISIONERS: readonly ComponentDeclaration[] = [
  defineProvisioner({ schema: SHELL_PROVISIONER_SCHEMA, runtime: SHELL_PROVISIONER }),
  defineProvisioner({ schema: FILE_PROVISIONER_SCHEMA, runtime: FILE_PROVISIONER }),
  defineProvisioner({ schema: SHELL_LOCAL_PROVISIONER_SCHEMA, runtime: SHELL_LOCAL_PROVISIONER }),
  defineProvisioner({ schema: BREAKPOINT_PROVISIONER_SCHEMA, runtime: BREAKPOINT_PROVISIONER }),
  defineProvisioner({ schema: SLEEP_PROVISIONER_SCHEMA, runtime: SLEEP_PROVISIONER }),
];

export const CORE_POST_PROCESSORS: readonly ComponentDeclaration[] = [
  definePostProcessor({ schema: MANIFEST_POST_PROCESSOR_SCHEMA, runtime: MANIFEST }),
  definePostProcessor({ schema: CHECKSUM_POST_PROCESSOR_SCHEMA, runtime: CHECKSUM }),
  definePostProcessor({ schema: COMPRESS_POST_PROCESSOR_SCHEMA, runtime: COMPRESS }),
  definePostProcessor({ schema: ARTIFICE_POST_PROCESSOR_SCHEMA, runtime: ARTIFICE }),
  definePostProcessor({ schema: SHELL_LOCAL_POST_PROCESSOR_SCHEMA, runtime: SHELL_LOCAL_POST_PROCESSOR }),
];

export const CORE_DATA_SOURCE_DECLARATIONS: readonly ComponentDeclaration[] = [
  defineDataSource({ schema: NULL_DATASOURCE_SCHEMA, runtime: NULL_DATA_SOURCE }),
  defineDataSource({ schema: HTTP_DATASOURCE_SCHEMA, runtime: httpDataSource() }),
];

export const CORE_COMPONENTS: readonly ComponentDeclaration[] = [
  NULL_BUILDER_DECLARATION,
  FILE_BUILDER_DECLARATION,
  ...CORE_PROVISIONERS,
  ...CORE_POST_PROCESSORS,
  ...CORE_DATA_SOURCE_DECLARATIONS,
];
