import type { FILE_BUILDER, NULL_BUILDER } from '../../src/components/core/builder-runtimes';
import type {
  FILE_BUILDER_SCHEMA,
  NULL_BUILDER_SCHEMA,
  NULL_FIELDS,
} from '../../src/components/core/builders';
import type {
  HTTP_DATASOURCE_SCHEMA,
  NULL_DATASOURCE_SCHEMA,
  NULL_DATA_SOURCE,
} from '../../src/components/core/datasources';
import type { FILE_PROVISIONER } from '../../src/components/core/file-provisioner-runtime';
import type { SHELL_PROVISIONER_SCHEMA } from '../../src/components/core/provisioners';
import type { DOCKER_BUILDER } from '../../src/components/docker/builder-runtime';
import type {
  DOCKER_BUILDER_SCHEMA,
  DOCKER_FIELDS,
  DockerBuilderView,
} from '../../src/components/docker/builder-schema';
import type { RegistryLoginFields } from '../../src/components/docker/login-fields';
import type { readDockerOptions } from '../../src/components/docker/options';
import type { DOCKER_PUSH } from '../../src/components/docker/post-processor-runtimes';
import type {
  DOCKER_PUSH_FIELDS,
  DOCKER_PUSH_SCHEMA,
  DOCKER_TAG_FIELDS,
  DOCKER_TAG_SCHEMA,
} from '../../src/components/docker/post-processor-schemas';
import type { BuilderRuntime } from '../../src/engine/types';
import { sharedView } from '../../src/schema/shared-view';
import type { ComponentSchema, ConfigView } from '../../src/schema/types';
import {
  type ComponentDeclaration,
  defineBuilder,
  defineDataSource,
  definePostProcessor,
  defineProvisioner,
} from '../../src/sdk/define';
import { typeCheckProblems } from '../support/type-check';

/**
 * Typed config (issue 14), for the components themselves: the builders' runtimes read typed views,
 * and a declaration's runtime must be typed for its schema's fields. As in typed-view.test.ts, the
 * functions are never called; the test compiles this file, and each `@ts-expect-error` line must be
 * an error.
 */

type DockerConfig = Parameters<(typeof DOCKER_BUILDER)['run']>[0];
type FileConfig = Parameters<(typeof FILE_BUILDER)['run']>[0];
type NullConfig = Parameters<(typeof NULL_BUILDER)['run']>[0];

export function dockerBuilderReadsTypedOptions(view: DockerBuilderView, config: DockerConfig): unknown[] {
  return [
    view.string('image'),
    view.strings('run_command'),
    view.stringMap('volumes'),
    view.bool('fix_upload_owner'),
    // The communicator's options are the builder's too.
    view.string('ssh_username'),
    view.blocks('build').map((b) => [b.string('path'), b.stringMap('arguments'), b.bool('pull')]),
    config.view.string('exec_user'),
    // @ts-expect-error: misspelt
    view.string('imag'),
    // @ts-expect-error: misspelt
    view.bool('fix_upload_owners'),
    // @ts-expect-error: `pull` is a bool
    view.string('pull'),
    // @ts-expect-error: `volumes` is a map
    view.strings('volumes'),
    // @ts-expect-error: the `build` block has `path`, not `dockerfile`
    view.blocks('build').map((b) => b.string('dockerfile')),
    // @ts-expect-error: `build_dir` belongs to the `build` block
    view.string('build_dir'),
    // @ts-expect-error: misspelt, in the runtime's own config
    config.view.string('exec_usr'),
  ];
}

export function dockerOptionsReadTheBuildersView(
  read: typeof readDockerOptions,
  push: ConfigView<typeof DOCKER_PUSH_FIELDS>,
): unknown {
  // @ts-expect-error: docker-push's options are not the builder's
  return read(push);
}

export function bothDockerComponentsDeclareTheLoginOptions(
  builder: DockerBuilderView,
  push: ConfigView<typeof DOCKER_PUSH_FIELDS>,
  tag: ConfigView<typeof DOCKER_TAG_FIELDS>,
): unknown[] {
  const login = sharedView<RegistryLoginFields>();
  return [
    login(builder).string('login_server'),
    login(push).bool('ecr_login'),
    // @ts-expect-error: docker-tag does not log in
    login(tag),
  ];
}

export function coreBuildersReadTypedOptions(file: FileConfig, nullBuilder: NullConfig): unknown[] {
  return [
    file.view.string('target'),
    nullBuilder.view.string('ssh_host'),
    nullBuilder.view.duration('ssh_timeout'),
    // @ts-expect-error: the file builder has no communicator
    file.view.string('ssh_host'),
    // @ts-expect-error: `content` is a string
    file.view.bool('content'),
    // @ts-expect-error: the null builder has no options of its own
    nullBuilder.view.string('target'),
  ];
}

/** The declared schemas and runtimes, as the define* calls below see them. */
interface Declared {
  readonly dockerSchema: typeof DOCKER_BUILDER_SCHEMA;
  readonly docker: typeof DOCKER_BUILDER;
  readonly fileSchema: typeof FILE_BUILDER_SCHEMA;
  readonly file: typeof FILE_BUILDER;
  readonly nullSchema: typeof NULL_BUILDER_SCHEMA;
  readonly nullBuilder: typeof NULL_BUILDER;
  readonly pushSchema: typeof DOCKER_PUSH_SCHEMA;
  readonly push: typeof DOCKER_PUSH;
  readonly tagSchema: typeof DOCKER_TAG_SCHEMA;
  readonly shellSchema: typeof SHELL_PROVISIONER_SCHEMA;
  readonly fileProvisioner: typeof FILE_PROVISIONER;
  readonly nullSourceSchema: typeof NULL_DATASOURCE_SCHEMA;
  readonly nullSource: typeof NULL_DATA_SOURCE;
  readonly httpSourceSchema: typeof HTTP_DATASOURCE_SCHEMA;
}

export function declarationsAgree(c: Declared): readonly ComponentDeclaration[] {
  // What define* returns is untyped: the catalog lists every component's declaration together.
  return [
    defineBuilder({ schema: c.dockerSchema, runtime: c.docker }),
    defineBuilder({ schema: c.nullSchema, runtime: c.nullBuilder }),
    defineBuilder({ schema: c.fileSchema, runtime: c.file }),
    definePostProcessor({ schema: c.pushSchema, runtime: c.push }),
    defineProvisioner({ schema: c.shellSchema, cannotRun: 'validated only' }),
    defineDataSource({ schema: c.nullSourceSchema, runtime: c.nullSource }),
  ];
}

export function runtimesForOtherFieldsFail(c: Declared): unknown[] {
  return [
    // @ts-expect-error: the file builder's runtime for the docker builder's schema
    defineBuilder({ schema: c.dockerSchema, runtime: c.file }),
    // @ts-expect-error: the docker builder's runtime for the file builder's schema
    defineBuilder({ schema: c.fileSchema, runtime: c.docker }),
    // @ts-expect-error: the null builder's runtime for the file builder's schema
    defineBuilder({ schema: c.fileSchema, runtime: c.nullBuilder }),
    // @ts-expect-error: docker-push's runtime for docker-tag's schema
    definePostProcessor({ schema: c.tagSchema, runtime: c.push }),
    // @ts-expect-error: the file provisioner's runtime for the shell provisioner's schema
    defineProvisioner({ schema: c.shellSchema, runtime: c.fileProvisioner }),
    // @ts-expect-error: the null data source for the http data source's schema
    defineDataSource({ schema: c.httpSourceSchema, runtime: c.nullSource }),
  ];
}

export function buildersRuntimesReadTheCommunicatorsFieldsToo(
  c: Declared,
  ownOnly: BuilderRuntime<typeof DOCKER_FIELDS>,
  withoutCommunicator: ComponentSchema<typeof NULL_FIELDS>,
): unknown[] {
  return [
    // @ts-expect-error: the runtime must read the communicator's fields, as the schema's checks do
    defineBuilder({ schema: c.dockerSchema, runtime: ownOnly }),
    // @ts-expect-error: a schema that does not say its builder reads the communicator's fields
    defineBuilder({ schema: withoutCommunicator, runtime: c.nullBuilder }),
  ];
}

describe('typed component runtimes and declarations', () => {
  test('this file type-checks, every @ts-expect-error included', () => {
    expect(typeCheckProblems(__filename)).toEqual([]);
  });
});
