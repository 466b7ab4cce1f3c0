/** rpc/hcl_spec.proto: the configuration schemas plugins send, and values encoded against them. */
export { encodeDecodedConfig, specName } from './config-value';
export { CtyMsgpackError, decodeCtyMsgpack, typeFromJson } from './cty-msgpack';
export { type CtyTypeJson, ctyTypeJson, encodeConfigValue, impliedType } from './cty-json';
export { decodeConfigSpec, type CtyType, type HclSpec, type ObjectSpec } from './decode';
