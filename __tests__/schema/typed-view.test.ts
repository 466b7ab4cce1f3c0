import type { AmazonEbsView } from '../../src/components/amazon/ebs-schema';
import type { ACCESS_CONFIG_FIELDS } from '../../src/components/amazon/access-config';
import type { FAST_LAUNCH_FIELDS } from '../../src/components/amazon/fast-launch';
import type { RunConfigView } from '../../src/components/amazon/run-config-checks';
import type { SHELL_PROVISIONER } from '../../src/components/core/shell-runtime';
import type { FILE_PROVISIONER } from '../../src/components/core/file-provisioner-runtime';
import type { ShellView } from '../../src/components/core/provisioners';
import type { ShellLocalView } from '../../src/components/core/shell-local-config';
import type { MANIFEST } from '../../src/components/core/manifest-runtime';
import type { CORE_DATA_SOURCES } from '../../src/components/core/datasources';
import type { DOCKER_PUSH_FIELDS } from '../../src/components/docker/post-processor-schemas';
import type { CommunicatorFields, WithCommunicator } from '../../src/schema/communicator';
import { goBool, goString, goStrings } from '../../src/schema/go-fields';
import { sharedView } from '../../src/schema/shared-view';
import type { ComponentSchema, ConfigView, FieldSpec } from '../../src/schema/types';
import { BoolType, DynamicType, NumberType, StringType, listOf, mapOf, setOf } from '../../src/values/types';
import { typeCheckProblems } from '../support/type-check';

/**
 * Typed config (issue 14): a component reads its options through a view typed by its own field
 * declaration, so a misspelt name or a read of the wrong shape fails `npm run typecheck`. The
 * functions below are never called; each `@ts-expect-error` line must be an error, and the test at
 * the end compiles this file to prove it (ts-jest only transpiles, so without that the run would not
 * notice a directive that no longer expects anything). typed-components.test.ts does the same for
 * the components' runtimes and declarations.
 */

const INNER = [
  { name: 'key', type: StringType, doc: 'A key.' },
  { name: 'count', type: NumberType, doc: 'A count.' },
] as const satisfies readonly FieldSpec[];

const FIELDS = [
  { name: 'image', type: StringType, doc: 'A string.' },
  { name: 'port', type: NumberType, doc: 'A number.' },
  { name: 'commit', type: BoolType, doc: 'A bool.' },
  { name: 'timeout', type: { kind: 'duration' }, doc: 'A duration.' },
  { name: 'changes', type: listOf(StringType), doc: 'A list.' },
  { name: 'groups', type: setOf(StringType), doc: 'A set.' },
  { name: 'labels', type: mapOf(StringType), doc: 'A map.' },
  { name: 'anything', type: DynamicType, doc: 'Any type.' },
  { name: 'entry', type: { kind: 'block', repeated: true, fields: INNER }, doc: 'Blocks.' },
] as const satisfies readonly FieldSpec[];

type View = ConfigView<typeof FIELDS>;

export function gettersTakeTheNamesOfFieldsTheyCanRead(view: View): unknown[] {
  return [
    view.string('image'),
    view.number('port'),
    view.bool('commit'),
    view.duration('timeout'),
    view.strings('changes'),
    view.strings('groups'),
    view.stringMap('labels'),
    view.isSet('entry'),
    view.isKnown('timeout'),
    view.value('labels'),
    // An `any` field reads as whatever the reader asks for.
    view.string('anything'),
    view.number('anything'),
    view.strings('anything'),
    // A block's views are typed by the block's own fields.
    view.blocks('entry').map((b) => [b.string('key'), b.number('count')]),
    goString(view, 'image'),
    goBool(view, 'commit'),
    goStrings(view, 'changes'),
  ];
}

export function misspeltNamesFail(view: View): unknown[] {
  return [
    // @ts-expect-error: not declared
    view.string('imag'),
    // @ts-expect-error: not declared
    view.isSet('images'),
    // @ts-expect-error: not declared
    view.value('label'),
    // @ts-expect-error: not declared in the block
    view.blocks('entry').map((b) => b.string('name')),
    // @ts-expect-error: not declared
    goString(view, 'imag'),
  ];
}

export function wrongShapesFail(view: View): unknown[] {
  return [
    // @ts-expect-error: a number
    view.string('port'),
    // @ts-expect-error: a string
    view.bool('image'),
    // @ts-expect-error: a list
    view.string('changes'),
    // @ts-expect-error: a map
    view.strings('labels'),
    // @ts-expect-error: a list
    view.stringMap('changes'),
    // @ts-expect-error: a string, not a duration
    view.duration('image'),
    // @ts-expect-error: not a block
    view.blocks('labels'),
    // @ts-expect-error: a block is not a list of strings
    view.strings('entry'),
    // @ts-expect-error: a bool
    goString(view, 'commit'),
    // @ts-expect-error: a string
    goStrings(view, 'image'),
  ];
}

export function untypedViewsTakeAnyName(view: ConfigView, typed: View): unknown[] {
  const schemas: readonly ComponentSchema[] = [
    { kind: 'provisioner', type: 't', plugin: 'p', doc: '', fields: FIELDS },
  ];
  // Untyped views stand for typed ones and back (the engine hands its configs to typed runtimes).
  const asTyped: View = view;
  const asUntyped: ConfigView = typed;
  return [schemas, asTyped, asUntyped, view.string('whatever'), view.blocks('any')[0]?.bool('thing')];
}

export function viewsOfOtherComponentsAreNotInterchangeable(
  shell: ShellView,
  local: ShellLocalView,
): unknown[] {
  // @ts-expect-error: shell-local's options are not the shell provisioner's
  const wrong: ShellView = local;
  return [wrong, shell];
}

export function componentViewsCheckTheirNames(
  shell: ShellView,
  local: ShellLocalView,
  ebs: AmazonEbsView,
  run: RunConfigView,
  push: ConfigView<typeof DOCKER_PUSH_FIELDS>,
  communicator: ConfigView<CommunicatorFields>,
): unknown[] {
  return [
    shell.strings('inline'),
    shell.duration('start_retry_timeout'),
    // @ts-expect-error: `scripts` is a list
    shell.string('scripts'),
    // @ts-expect-error: shell-local's option
    shell.strings('only_on'),
    local.strings('execute_command'),
    // @ts-expect-error: the shell provisioner's execute_command is a string, shell-local's a list
    local.string('execute_command'),
    // The builder's view includes its communicator's options.
    ebs.string('ssh_username'),
    ebs.string('source_ami'),
    ebs.blocks('launch_block_device_mappings').map((b) => b.string('device_name')),
    // @ts-expect-error: not an amazon-ebs option
    ebs.string('image'),
    run.string('ssh_interface'),
    // @ts-expect-error: an AMI option, not a run option
    run.string('ami_name'),
    push.bool('ecr_login'),
    // @ts-expect-error: a docker-tag option
    push.strings('tags'),
    communicator.duration('ssh_timeout'),
    // @ts-expect-error: misspelt
    communicator.string('ssh_usename'),
  ];
}

export function runtimesReadTypedConfigs(
  shell: Parameters<(typeof SHELL_PROVISIONER)['provision']>[0],
  file: Parameters<(typeof FILE_PROVISIONER)['provision']>[0],
  manifest: Parameters<(typeof MANIFEST)['postProcess']>[0],
  nullBuilder: ConfigView<WithCommunicator<readonly []>>,
): unknown[] {
  return [
    shell.view.strings('scripts'),
    file.view.string('destination'),
    manifest.view.stringMap('custom_data'),
    nullBuilder.string('ssh_host'),
    // @ts-expect-error: the file provisioner has no `script`
    file.view.string('script'),
    // @ts-expect-error: `strip_path` is a bool
    manifest.view.string('strip_path'),
    // @ts-expect-error: a builder with no fields of its own has only the communicator's
    nullBuilder.string('target'),
  ];
}

export function dataSourcesReadTypedConfigs(sources: typeof CORE_DATA_SOURCES): unknown {
  // The list holds them untyped: they are the engine's to call.
  return sources[0].execute;
}

export function sharedViewsNeedTheSharedFields(ebs: AmazonEbsView, view: View): unknown[] {
  return [
    sharedView<typeof ACCESS_CONFIG_FIELDS>()(ebs).string('region'),
    // @ts-expect-error: fast_launch's fields are a block's, not amazon-ebs's own
    sharedView<typeof FAST_LAUNCH_FIELDS>()(ebs),
    // @ts-expect-error: View declares none of the access config
    sharedView<typeof ACCESS_CONFIG_FIELDS>()(view),
  ];
}

describe('typed config views', () => {
  test('this file type-checks, every @ts-expect-error included', () => {
    expect(typeCheckProblems(__filename)).toEqual([]);
  });
});
