import type { DecodedConfig } from '../../schema/types';
import { encodeDecodedConfig } from '../hcl-spec';
import { bridgedComponentOf } from './schema';

/**
 * The Prepare/Configure argument of a bridged component's decoded configuration (after Kiln's
 * decoder read the user's HCL against the schema the plugin's spec became): cty JSON of the spec's
 * implied type, unknowns as typed placeholders. Pass it after the core variables, as Packer does:
 * `Builder.Prepare({Configs: [coreVariables, bytes]})`.
 */
export function encodeBridgedConfig(config: Pick<DecodedConfig, 'schema' | 'values'>): Uint8Array {
  const bridge = bridgedComponentOf(config.schema);
  if (!bridge) throw new Error(`${config.schema.kind} ${config.schema.type} is not a bridged component`);
  return encodeDecodedConfig(bridge.spec, config.values);
}
