/** rpc/hcl_spec.proto: the configuration schemas plugins send. */
export { decodeConfigSpec, type CtyType, type HclSpec, type ObjectSpec } from './decode';
