import type { EvalContext } from '../eval/context';
import { EmptyObjectType } from '../values/types';
import { Value } from '../values/value';

/**
 * The `source` and `build` objects Packer adds to a build's evaluation context. A source's own
 * configuration sees `source.type` and `source.name`; its provisioners and post-processors also see
 * `build.name` and the values the builder generates while it runs (`build.ID`, `build.Host`, ...),
 * unknown until then.
 */

/** packer.BuilderDataCommonKeys: what every builder provides. */
export const BUILDER_DATA_COMMON_KEYS: readonly string[] = [
  'ID',
  'Host',
  'Port',
  'User',
  'Password',
  'ConnType',
  'PackerRunUUID',
  'PackerHTTPPort',
  'PackerHTTPIP',
  'PackerHTTPAddr',
  'SSHPublicKey',
  'SSHPrivateKey',
  'WinRMPassword',
];

const AMAZON_GENERATED = [
  'SourceAMIName',
  'BuildRegion',
  'SourceAMI',
  'SourceAMICreationDate',
  'SourceAMIOwner',
  'SourceAMIOwnerName',
];

/**
 * What each builder adds (the list its Prepare returns): amazon's GetGeneratedDataList, docker's
 * image digests. A builder missing here generates nothing beyond the common keys.
 */
const GENERATED_BY_BUILDER: ReadonlyMap<string, readonly string[]> = new Map([
  ['amazon-ebs', AMAZON_GENERATED],
  ['amazon-ebssurrogate', AMAZON_GENERATED],
  ['amazon-ebsvolume', AMAZON_GENERATED],
  ['amazon-instance', AMAZON_GENERATED],
  ['amazon-chroot', AMAZON_GENERATED],
  ['docker', ['ImageSha256', 'SourceImageDigest']],
]);

/** The names `build.<name>` offers provisioners of a build of this builder type, `name` aside. */
export function generatedBuildVariables(builderType: string): readonly string[] {
  return [...BUILDER_DATA_COMMON_KEYS, ...(GENERATED_BY_BUILDER.get(builderType) ?? [])];
}

/** `source.type` and `source.name` (the build-local name when the build gives one). */
export function sourceObject(type: string, name: string): Value {
  return Value.object({ type: Value.string(type), name: Value.string(name) });
}

/** The context a source's configuration is decoded in: `build` stays an unknown object. */
export function sourceContext(base: EvalContext, type: string, name: string): EvalContext {
  return base.child({ source: sourceObject(type, name), build: Value.unknown(EmptyObjectType) });
}

/**
 * What every generated name holds until the builder gives it a value. Packer decodes provisioners
 * and post-processors with this known string (not an unknown value), so `build.ID` reads
 * "<unknown>" at validate time, and at run time for any key the builder did not set.
 */
export const UNKNOWN_BUILD_VALUE = '<unknown>';

/**
 * The context of a build's provisioners and post-processors. `values` holds what the builder has
 * generated; any generated name without a value is UNKNOWN_BUILD_VALUE, as at validate time.
 */
export function componentContext(
  base: EvalContext,
  source: { readonly type: string; readonly name: string },
  buildName: string,
  values: Readonly<Record<string, Value>> = {},
): EvalContext {
  const build: Record<string, Value> = {};
  for (const key of generatedBuildVariables(source.type)) build[key] = Value.string(UNKNOWN_BUILD_VALUE);
  for (const [key, v] of Object.entries(values)) build[key] = v;
  build.name = Value.string(buildName);
  return base.child({ source: sourceObject(source.type, source.name), build: Value.object(build) });
}
