import type { EvalContext } from '../eval/context';
import { GENERATED_DATA_FROM_PREPARE } from '../schema/types';
import { DynamicType, EmptyObjectType } from '../values/types';
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

/**
 * The names `build.<name>` offers provisioners of a build, `name` aside: the common keys and what
 * the build's builder generates (its declaration's generatedData, on its schema: amazon's
 * GetGeneratedDataList, docker's image digests).
 */
export function generatedBuildVariables(generatedData: readonly string[] = []): readonly string[] {
  return [...BUILDER_DATA_COMMON_KEYS, ...generatedData];
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

/** The source a build runs: its type and name, and what its builder generates (ComponentSchema.generatedData). */
export interface BuildSource {
  readonly type: string;
  readonly name: string;
  readonly generatedData?: readonly string[];
}

/**
 * The context of a build's provisioners and post-processors. `values` holds what the builder has
 * generated; any generated name without a value is UNKNOWN_BUILD_VALUE, as at validate time.
 */
export function componentContext(
  base: EvalContext,
  source: BuildSource,
  buildName: string,
  values: Readonly<Record<string, Value>> = {},
): EvalContext {
  // A bridged builder not prepared yet: whatever build.* it offers is not known (see GENERATED_DATA_FROM_PREPARE).
  if (source.generatedData === GENERATED_DATA_FROM_PREPARE && Object.keys(values).length === 0) {
    return base.child({ source: sourceObject(source.type, source.name), build: Value.unknown(DynamicType) });
  }
  const build: Record<string, Value> = {};
  for (const key of generatedBuildVariables(source.generatedData))
    build[key] = Value.string(UNKNOWN_BUILD_VALUE);
  for (const [key, v] of Object.entries(values)) build[key] = v;
  build.name = Value.string(buildName);
  return base.child({ source: sourceObject(source.type, source.name), build: Value.object(build) });
}
