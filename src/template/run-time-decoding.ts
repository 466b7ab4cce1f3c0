import type { HclBody } from '../hcl/body';
import { decodeComponentConfig } from '../schema/decode';
import type { DecodedConfig } from '../schema/types';
import { Value } from '../values/value';
import { componentContext } from './build-variables';
import { type ExpandedBuild, type PostProcessorInstance, type ProvisionerInstance, bodyFor } from './model';
import { overlayBody } from './override-body';

/**
 * Packer decodes an HCL2 build's provisioners and post-processors twice: when the build is
 * prepared (build.* values "<unknown>") and again when each runs, with what the builder generated
 * (`build.Host`, `build.ID`...). This is the second decoding, which the engine calls back into
 * (it has the shape of the engine's RunTimeDecoder, build-plan.ts; the surfaces wire it).
 */
export const templateRunTimeDecoder = {
  /** A provisioner, with its `override` entry for the build's source name laid over it again. */
  provisioner(
    build: ExpandedBuild,
    p: ProvisionerInstance,
    generated: Readonly<Record<string, string>>,
  ): DecodedConfig {
    const over = p.block.override?.get(build.sourceName);
    const own = bodyFor(p.block, build.sourceName);
    const body = over ? overlayBody(own, over) : own;
    return decodeWithGenerated(build, p, body, generated);
  },

  /** A post-processor, with the `generated_data` of the artifact it receives. */
  postProcessor(
    build: ExpandedBuild,
    pp: PostProcessorInstance,
    generated: Readonly<Record<string, string>>,
  ): DecodedConfig {
    return decodeWithGenerated(build, pp, bodyFor(pp.block, build.sourceName), generated);
  },
};

function decodeWithGenerated(
  build: ExpandedBuild,
  component: ProvisionerInstance | PostProcessorInstance,
  body: HclBody,
  generated: Readonly<Record<string, string>>,
): DecodedConfig {
  const values: Record<string, Value> = {};
  for (const [k, v] of Object.entries(generated)) values[k] = Value.string(v);
  const ctx = componentContext(
    build.baseContext,
    {
      type: build.source.type,
      name: build.sourceName,
      generatedData: build.builder.config.schema.generatedData,
    },
    build.buildName,
    values,
  );
  return decodeComponentConfig(component.config.schema, body, ctx, { range: component.block.range });
}
